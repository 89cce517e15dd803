// The load scenarios: autocannon clients over loopback, each connection with its own user.
// Per-connection state lives in closures handed to `setupClient` (autocannon resets the
// request `context` every time it loops over a client's request list).
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { CROWD, FEW, PASSWORD, RARE_Q, SEARCH_Q } from './seed.mjs';

const bearer = (token) => ({ authorization: `Bearer ${token}` });

/** Each scenario: what the floor implements, and a factory of autocannon `setupClient`s. */
/** The same GET of `path(ctx)` over and over, a viewer per connection. */
const fixedGet = (path) => (ctx) => {
  let n = 0;
  return (client) => {
    const user = ctx.users[n++ % ctx.users.length];
    client.setRequests([{ method: 'GET', path: path(ctx), headers: bearer(user.access) }]);
  };
};

/** `GET /events/:id` over the events with 100 attendees, a viewer per connection. */
function detailGets(ctx) {
  let n = 0;
  return (client) => {
    const i = n++;
    const user = ctx.users[i % ctx.users.length];
    let k = i;
    client.setRequests([
      {
        method: 'GET',
        headers: bearer(user.access),
        setupRequest: (request) => {
          const id = ctx.detailEventIds[k++ % ctx.detailEventIds.length];
          return { ...request, path: `/api/v1/events/${id}` };
        },
      },
    ]);
  };
}

/**
 * `POST /events`, a user per connection, a new event each time (a week ahead, an hour long);
 * `keyed`: each request also sends a new `Idempotency-Key` (claimed, then its response kept).
 */
const creations = (keyed) => (ctx) => {
  let n = 0;
  const run = Date.now().toString(36);
  return (client) => {
    const i = n++;
    const user = ctx.users[i % ctx.users.length];
    const headers = { ...bearer(user.access), 'content-type': 'application/json' };
    const startsAt = Math.floor((Date.now() + 7 * 86_400_000) / 60_000) * 60_000;
    const body = JSON.stringify({
      name: `Bench meetup ${i}`,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3_600_000).toISOString(),
      capacity: 50,
    });
    let k = 0;
    client.setRequests([
      {
        method: 'POST',
        path: '/api/v1/events',
        headers,
        body,
        ...(keyed && {
          setupRequest: (request) => ({
            ...request,
            headers: { ...headers, 'idempotency-key': `bench-${run}-${i}-${k++}` },
          }),
        }),
      },
    ]);
  };
};

export const SEARCH_PATH = `/api/v1/events?status=upcoming&q=${SEARCH_Q}&hasSpots=true`;
/** The cursor of the page at 90% depth (see `deepPage` in run.mjs), and the same page by offset. */
export const DEPTH = 0.9;
export const deepOffset = (ctx) => Math.max(20, Math.floor(ctx.counts.events * DEPTH));

/**
 * Register + unregister pairs, a user of its own per connection, over `eventIds(ctx)`; the
 * registration's JSON body, if any, is `body(ctx, eventId)`.
 */
function pairsOn(eventIds, body) {
  return (ctx) => {
    let n = 0;
    const ids = eventIds(ctx);
    return (client) => {
      const i = n++;
      // A user of its own per connection: pairs never collide, whatever the event.
      const user = ctx.pairUsers[i % ctx.pairUsers.length];
      let k = i;
      const path = () => `/api/v1/events/${ids[k % ids.length]}/registration`;
      client.setRequests([
        {
          method: 'POST',
          headers: body
            ? { ...bearer(user.access), 'content-type': 'application/json' }
            : bearer(user.access),
          setupRequest: (request) => ({
            ...request,
            path: path(),
            ...(body && { body: body(ctx, ids[k % ids.length]) }),
          }),
        },
        {
          method: 'DELETE',
          headers: bearer(user.access),
          setupRequest: (request) => {
            const next = { ...request, path: path() };
            k += 7; // next pair on another event
            return next;
          },
        },
      ]);
    };
  };
}

/** The three questions of the asking events: a required text, a required choice, a boolean. */
export const QUESTIONS = [
  { label: 'Dietary needs', type: 'text', required: true },
  { label: 'T-shirt size', type: 'choice', required: true, options: ['S', 'M', 'L', 'XL'] },
  { label: 'First time here?', type: 'boolean', required: false },
];
const ANSWERS = ['vegetarian, no nuts', 'M', true];

/**
 * Gives the asking events their three questions (through the API, as an organiser would) and
 * keeps each event's registration body, answers to every question, in `ctx.answers`.
 */
export async function askQuestions(server, ctx) {
  ctx.answers = new Map();
  for (const id of ctx.askingEventIds) {
    const response = await fetch(`${server.url}/api/v1/events/${id}`, {
      method: 'PATCH',
      headers: { ...bearer(ctx.asker.access), 'content-type': 'application/json' },
      body: JSON.stringify({ questions: QUESTIONS }),
    });
    const event = await response.json();
    if (response.status !== 200) throw new Error(`questions on ${id}: ${JSON.stringify(event)}`);
    const answers = event.questions.map((q, i) => ({ questionId: q.id, value: ANSWERS[i] }));
    ctx.answers.set(id, JSON.stringify({ answers }));
  }
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function timings(ms, errors) {
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length);
  return {
    requests: sorted.length,
    requestsPerSecond: mean > 0 ? 1000 / mean : 0,
    meanMs: Math.round(mean * 10) / 10,
    p50: Math.round(percentile(sorted, 50) ?? 0),
    p99: Math.round(percentile(sorted, 99) ?? 0),
    errors,
    statusCodes: {},
  };
}

/**
 * The cancellation scenario, one request at a time: the next unused event with CROWD attendees,
 * then one with FEW, alternating; after each, the outbox settles (the mails of a cancellation are
 * fanned out after commit, in the background). Answers the crowd's timings with the few's as
 * `small`, and the timings of a GET of each event before its cancellation as `reads`.
 */
async function cancellations({ server, ctx }) {
  const runs = (ctx.cancelRuns = (ctx.cancelRuns ?? 0) + 1);
  const per = ctx.cancelEvents.crowd.length / ctx.cancelRunsPlanned;
  const slice = (ids) => ids.slice((runs - 1) * per, runs * per);
  const times = { crowd: [], few: [] };
  const reads = { crowd: [], few: [] };
  let errors = 0;
  const crowd = slice(ctx.cancelEvents.crowd);
  const few = slice(ctx.cancelEvents.few);
  for (let i = 0; i < crowd.length; i++) {
    for (const [kind, id] of [
      ['crowd', crowd[i]],
      ['few', few[i]],
    ]) {
      // The same event read first (its detail lists the attendees; the cancellation answers the
      // event alone): what a read of the bigger event costs, beside what cancelling it does.
      const read = performance.now();
      const detail = await fetch(`${server.url}/api/v1/events/${id}`, {
        headers: bearer(ctx.canceller.access),
      });
      await detail.arrayBuffer();
      reads[kind].push(performance.now() - read);
      if (detail.status !== 200) errors++;
      const started = performance.now();
      const response = await fetch(`${server.url}/api/v1/events/${id}/cancellation`, {
        method: 'POST',
        headers: { ...bearer(ctx.canceller.access), 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'The bench cancels it.' }),
      });
      await response.arrayBuffer();
      times[kind].push(performance.now() - started);
      if (response.status >= 300) errors++;
      // Its mails fanned out and sent before the next: each request is timed without the
      // previous one's background work (which would land on whichever kind comes next).
      await settleOutbox(ctx.database);
    }
  }
  return {
    ...timings(times.crowd, errors),
    small: timings(times.few, 0),
    reads: { crowd: timings(reads.crowd, 0), few: timings(reads.few, 0) },
    mails: await cancellationMails(ctx.database, crowd),
  };
}

/** The cancellation mails sent for the crowd's events, against one per attendee. */
async function cancellationMails(db, eventIds) {
  const [{ sent }] = await db.all(
    `SELECT COUNT(*) AS sent FROM mails m JOIN outbox_messages o
       ON o.message_id = m.outbox_message_id
     WHERE o.type = 'event.cancelled' AND m.status = 'sent'
       AND o.event_id IN (${eventIds.map(Number).join(', ')})`,
  );
  return { sent: Number(sent), expected: eventIds.length * CROWD };
}

/** Occurrences per series, and series created per run, of the series scenario (issue 27). */
const SERIES_COUNT = 200;
const SERIES_PER_RUN = 10;

/**
 * Creates SERIES_PER_RUN series of SERIES_COUNT daily occurrences (the cap) one after the
 * other, as the canceller (the series' events join the table: the scenario runs after the reads).
 */
async function seriesCreations({ server, ctx }) {
  const times = [];
  let errors = 0;
  const day = 86_400_000;
  for (let i = 0; i < SERIES_PER_RUN; i++) {
    const startsAt = Math.floor((Date.now() + (3 + i) * day) / 900_000) * 900_000;
    const started = performance.now();
    const response = await fetch(`${server.url}/api/v1/series`, {
      method: 'POST',
      headers: { ...bearer(ctx.canceller.access), 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `Daily standup ${i + 1}`,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 1_800_000).toISOString(),
        capacity: 30,
        timeZone: 'Europe/Berlin',
        recurrence: `FREQ=DAILY;COUNT=${SERIES_COUNT}`,
      }),
    });
    const body = await response.json();
    times.push(performance.now() - started);
    if (response.status !== 201 || body.occurrences?.length !== SERIES_COUNT) errors++;
  }
  return timings(times, errors);
}

export const SCENARIOS = {
  list: {
    title: 'GET /events (page of 20)',
    floor: true,
    make: fixedGet(() => '/api/v1/events'),
  },
  search: {
    title: `GET /events?status=upcoming&q=${SEARCH_Q}&hasSpots=true`,
    floor: true,
    make: fixedGet(() => SEARCH_PATH),
  },
  'search-rare': {
    title: `GET /events?q=${RARE_Q} (a rare word: the index first)`,
    floor: true,
    make: fixedGet(() => `/api/v1/events?q=${encodeURIComponent(RARE_Q)}`),
  },
  'cursor-deep': {
    title: 'GET /events?cursor= (page of 20 at 90% depth)',
    floor: true,
    make: fixedGet((ctx) => `/api/v1/events?cursor=${encodeURIComponent(ctx.deepCursor)}`),
  },
  'offset-deep': {
    title: 'GET /events?offset= (page of 20 at 90% depth)',
    floor: true,
    make: fixedGet((ctx) => `/api/v1/events?offset=${deepOffset(ctx)}&limit=20`),
  },
  detail: {
    title: 'GET /events/:id (100 attendees)',
    floor: true,
    make: detailGets,
  },
  'detail-limited': {
    title:
      'GET /events/:id as detail, on a server with the per-user rate limit on (API_RATE_LIMIT)',
    floor: false,
    limited: true,
    make: detailGets,
  },
  create: {
    title: 'POST /events (a new event per request)',
    floor: false,
    background: true,
    make: creations(false),
  },
  'create-keyed': {
    title: 'POST /events as create, each with a new Idempotency-Key',
    floor: false,
    background: true,
    make: creations(true),
  },
  pairs: {
    title: 'POST + DELETE /events/:id/registration',
    floor: true,
    pairs: true,
    make: pairsOn((ctx) => ctx.pairEventIds),
  },
  'pairs-quiet': {
    title: 'POST + DELETE /registration, events of an owner without webhooks',
    floor: false,
    pairs: true,
    make: pairsOn((ctx) => ctx.quietEventIds),
  },
  'pairs-questions': {
    title: 'POST (answers to 3 questions) + DELETE /registration, events with three questions',
    floor: false,
    pairs: true,
    make: pairsOn(
      (ctx) => ctx.askingEventIds,
      (ctx, eventId) => ctx.answers.get(eventId),
    ),
  },
  'pairs-hooked': {
    title: 'POST + DELETE /registration, events of an owner with a webhook (receiver answers 204)',
    floor: false,
    background: true,
    pairs: true,
    make: pairsOn((ctx) => ctx.hookedEventIds),
  },
  cancellation: {
    title: `POST /events/:id/cancellation, ${CROWD} attendees (the figures) and ${FEW} (the "small" figures), alternating`,
    floor: false,
    background: true,
    oneShot: cancellations,
  },
  series: {
    title: `POST /series of ${SERIES_COUNT} daily occurrences, one request at a time (req/s = 1000 / mean ms)`,
    floor: false,
    background: true,
    oneShot: seriesCreations,
  },
  'check-in': {
    title: `POST /events/:id/check-ins over the ${CROWD} tickets of one event (the first scan of each 201, later ones 200)`,
    floor: true,
    make: (ctx) => {
      // One walk over the codes shared by every connection: first scans until each code was
      // scanned once, then second scans.
      let k = 0;
      return (client) => {
        client.setRequests([
          {
            method: 'POST',
            path: `/api/v1/events/${ctx.checkInEventId}/check-ins`,
            headers: { ...bearer(ctx.canceller.access), 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ code: ctx.ticketCodes[k++ % ctx.ticketCodes.length] }),
            }),
          },
        ]);
      };
    },
    // Every run starts with nobody checked in (project and floor share the database).
    cleanup:
      ({ ctx, db }) =>
      () =>
        db
          .all('UPDATE registrations SET checked_in_at = NULL WHERE event_id = ? RETURNING id', [
            ctx.checkInEventId,
          ])
          .then((rows) => rows.length),
  },
  promotion: {
    title: 'DELETE /registration + POST /waitlist (full events with a line)',
    floor: false,
    pairs: true,
    make: (ctx) => {
      let n = 0;
      return (client) => {
        // One ring per connection (see seed.mjs): its position survives from run to run.
        const ring = ctx.rings[n++ % ctx.rings.length];
        let user;
        const path = (kind) => `/api/v1/events/${ring.eventId}/${kind}`;
        client.setRequests([
          {
            method: 'DELETE',
            setupRequest: (request) => {
              user = ring.users[ring.next];
              return { ...request, path: path('registration'), headers: bearer(user.access) };
            },
          },
          {
            method: 'POST',
            setupRequest: (request) => {
              ring.next = (ring.next + 1) % ring.users.length;
              return { ...request, path: path('waitlist'), headers: bearer(user.access) };
            },
          },
        ]);
      };
    },
    cleanup: ringCleanup,
  },
  refresh: {
    title: 'POST /auth/refresh (token chains)',
    floor: false,
    make: (ctx) => {
      // A chain per connection: each response's refresh token is the next request's. Every run
      // starts fresh chains (the token in flight when a run stops is spent), and a chain that
      // breaks takes a spare session.
      const pool = ctx.refreshPool; // shared by every run on this database
      return (client) => {
        const chain = { token: pool.shift() };
        client.setRequests([
          {
            method: 'POST',
            path: '/api/v1/auth/refresh',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ refresh_token: chain.token }),
            }),
            onResponse: (status, body) => {
              if (status === 200) chain.token = JSON.parse(body).refresh_token;
              else chain.token = pool.shift() ?? chain.token;
            },
          },
        ]);
      };
    },
  },
  login: {
    title: 'POST /auth/login (argon2id)',
    floor: false,
    make: (ctx) => {
      let n = 0;
      return (client) => {
        let k = n++;
        client.setRequests([
          {
            method: 'POST',
            path: '/api/v1/auth/login',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({
                username: ctx.loginUsernames[k++ % ctx.loginUsernames.length],
                password: PASSWORD,
              }),
            }),
          },
        ]);
      };
    },
  },
};

/**
 * Waits until the outbox has nothing left to do (messages fanned out, mails and webhook
 * deliveries attempted), so the background work a scenario caused (the 1,000 mails of a
 * cancellation, the deliveries of the webhook pairs) is not measured in the next one. Gives up
 * after three minutes; answers the milliseconds waited.
 */
export async function settleOutbox(db) {
  const start = performance.now();
  while (performance.now() - start < 180_000) {
    const [{ open }] = await db.all(
      'SELECT (SELECT COUNT(*) FROM outbox_messages WHERE dispatched_at IS NULL) + ' +
        "(SELECT COUNT(*) FROM mails WHERE status = 'pending') + " +
        "(SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending') AS open",
    );
    if (Number(open) === 0) break;
    await sleep(250);
  }
  return Math.round(performance.now() - start);
}

/** One autocannon run; the numbers the report needs. */
export async function load({ url, connections, duration, setupClient }) {
  const result = await autocannon({
    url,
    connections,
    duration,
    timeout: 30,
    setupClient,
  });
  const seconds = result.duration || duration;
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)]),
  );
  return {
    requestsPerSecond: result.requests.total / seconds,
    requests: result.requests.total,
    seconds,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    errors: result.non2xx + result.errors,
    statusCodes,
  };
}

/**
 * Waits until the server has worked off what autocannon left in flight when it stopped (the
 * server still answers those, and on a slow path, seconds of them would eat into the next run):
 * until its health check answers quickly twice in a row. (On PostgreSQL the check queues behind
 * the pool's waiting queries; on SQLite a synchronous server may take it between two of the
 * left-over requests, hence the repeat.) Gives up after two minutes.
 */
export async function drain(server) {
  const start = performance.now();
  let quick = 0;
  while (quick < 2 && performance.now() - start < 120_000) {
    const asked = performance.now();
    await fetch(`${server.url}/api/health`);
    quick = performance.now() - asked < 200 ? quick + 1 : 0;
    if (quick === 0) await sleep(100);
  }
  return Math.round(performance.now() - start);
}

/**
 * Runs a scenario (warm-up discarded, then measured); pairs are cleaned up after each run.
 * `probe` (optional, async) is read right before and right after the measured load:
 * `result.probed` holds both readings.
 */
export async function runScenario({
  name,
  server,
  ctx,
  connections,
  duration,
  warmup,
  cleanup,
  probe,
}) {
  const scenario = SCENARIOS[name];
  const setupClient = scenario.make(ctx);
  let warmupRequests = 0;
  if (warmup > 0) {
    warmupRequests = (await load({ url: server.url, connections, duration: warmup, setupClient }))
      .requests;
    await drain(server);
    if (cleanup) await cleanup();
  }
  const before = await probe?.();
  const result = await load({ url: server.url, connections, duration, setupClient });
  if (probe) result.probed = { before, after: await probe() };
  result.warmupRequests = warmupRequests;
  result.drainMs = await drain(server);
  if (cleanup) result.cleanup = await cleanup();
  if (scenario.pairs) result.pairsPerSecond = result.requestsPerSecond / 2;
  return result;
}

/**
 * After a pairs run, a connection may have been stopped between its POST and its DELETE:
 * unregister those through the API, so the next run starts from the seeded state.
 */
export function pairCleanup({ server, ctx, db }) {
  const ids = ctx.pairUsers.map((u) => u.userId);
  const leftovers = () =>
    db.all(
      'SELECT event_id AS "eventId", user_id AS "userId" FROM registrations ' +
        `WHERE user_id IN (${ids.join(',')})`,
    );
  const tokens = new Map(ctx.pairUsers.map((u) => [u.userId, u.access]));
  return async () => {
    // Requests still in flight when autocannon stopped may land after the first pass: repeat
    // until nothing is left. A 409 NOT_REGISTERED means an in-flight DELETE got there first.
    let removed = 0;
    for (let pass = 0; pass < 10; pass++) {
      await sleep(1000);
      const rows = await leftovers();
      if (rows.length === 0) return removed;
      for (const { eventId, userId } of rows) {
        const response = await fetch(`${server.url}/api/v1/events/${eventId}/registration`, {
          method: 'DELETE',
          headers: bearer(tokens.get(userId)),
        });
        const body = response.status === 204 ? undefined : await response.json();
        if (response.status !== 204 && body?.code !== 'NOT_REGISTERED') {
          throw new Error(`cleanup DELETE ${eventId} for ${userId}: ${JSON.stringify(body)}`);
        }
        if (response.status === 204) removed++;
      }
    }
    throw new Error(`cleanup: registrations of the bench users keep reappearing`);
  };
}

/**
 * After a promotion run, a connection may have been stopped between its DELETE and its POST: that
 * user is in no row of its ring's event. Put them back in line through the API, then point each
 * ring at its first attendee (the lowest registration id), who unregisters next.
 */
export function ringCleanup({ server, ctx, db }) {
  const rows = (eventId) =>
    db.all('SELECT user_id AS "userId", status FROM registrations WHERE event_id = ? ORDER BY id', [
      eventId,
    ]);
  return async () => {
    await sleep(1000); // requests still in flight when autocannon stopped
    let rejoined = 0;
    for (const ring of ctx.rings) {
      const listed = new Set((await rows(ring.eventId)).map((row) => row.userId));
      for (const user of ring.users.filter((u) => !listed.has(u.userId))) {
        const response = await fetch(`${server.url}/api/v1/events/${ring.eventId}/waitlist`, {
          method: 'POST',
          headers: bearer(user.access),
        });
        if (response.status !== 201) {
          throw new Error(`ring cleanup: join ${ring.eventId}: ${await response.text()}`);
        }
        rejoined++;
      }
      const first = (await rows(ring.eventId)).find((row) => row.status === 'attending');
      ring.next = ring.users.findIndex((u) => u.userId === first.userId);
    }
    return rejoined;
  };
}
