// The load scenarios: autocannon clients over loopback, each connection with its own user.
// Per-connection state lives in closures handed to `setupClient` (autocannon resets the
// request `context` every time it loops over a client's request list).
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { PASSWORD, RARE_Q, SEARCH_Q } from './seed.mjs';

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

export const SEARCH_PATH = `/api/v1/events?status=upcoming&q=${SEARCH_Q}&hasSpots=true`;
/** The cursor of the page at 90% depth (see `deepPage` in run.mjs), and the same page by offset. */
export const DEPTH = 0.9;
export const deepOffset = (ctx) => Math.max(20, Math.floor(ctx.counts.events * DEPTH));

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
    make: (ctx) => {
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
    },
  },
  pairs: {
    title: 'POST + DELETE /events/:id/registration',
    floor: true,
    pairs: true,
    make: (ctx) => {
      let n = 0;
      return (client) => {
        const i = n++;
        // A user of its own per connection: pairs never collide, whatever the event.
        const user = ctx.pairUsers[i % ctx.pairUsers.length];
        let k = i;
        const path = () =>
          `/api/v1/events/${ctx.pairEventIds[k % ctx.pairEventIds.length]}/registration`;
        client.setRequests([
          {
            method: 'POST',
            headers: bearer(user.access),
            setupRequest: (request) => ({ ...request, path: path() }),
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
    },
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

/** Runs a scenario (warm-up discarded, then measured); pairs are cleaned up after each run. */
export async function runScenario({ name, server, ctx, connections, duration, warmup, cleanup }) {
  const scenario = SCENARIOS[name];
  const setupClient = scenario.make(ctx);
  let warmupRequests = 0;
  if (warmup > 0) {
    warmupRequests = (await load({ url: server.url, connections, duration: warmup, setupClient }))
      .requests;
    await drain(server);
    if (cleanup) await cleanup();
  }
  const result = await load({ url: server.url, connections, duration, setupClient });
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
