// A fresh database per run: the app's own migrations create the schema (the production server
// boots once on the new database), then users, events, registrations and sessions are
// bulk-inserted in one transaction by the database's writer (see databases.mjs). One generator
// for both databases: a given size holds the same rows on SQLite and on PostgreSQL.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { projectEnv } from './build.mjs';
import { TABLES } from './databases.mjs';
import { signJwt } from './jwt.mjs';
import { startServer } from './processes.mjs';

export const PASSWORD = 'bench-password-1';
export const SEARCH_Q = 'jazz';
/** A rare text: event names end in `#<n>`, so this matches #4242 and #42420–#42429 at 100k. */
export const RARE_Q = '#4242';
export const ACCESS_TTL = 3600;
export const REFRESH_TTL = 86_400;
const DAY = 86_400_000;

const words = (text) => text.trim().split(/\s+/);
const TOPICS = words(`Rust Jazz Python Yoga Chess Startup Design Poetry Data Cooking Climbing
  Photography Kotlin Salsa Robotics Wine Running Film Garden Ceramics`);
const KINDS = words('meetup workshop night conference class hackathon talk festival club session');
const CITIES = words(
  'Berlin Paris Lisbon Madrid Vienna Prague Warsaw Oslo Dublin Milan Zurich Athens',
);
const WORDS = words(`talks pizza drinks networking beginners welcome bring laptop friends evening
  morning hands on speakers panel discussion open stage snacks provided free entry limited seats
  community local practice together learn share ideas projects demo showcase after party venue
  downtown second floor accessible quiet room coffee tea lightning rounds mentors questions answers`);
const CAPACITIES = [10, 20, 30, 50, 80, 100, 150, 200, 500];
/** Promotion rings: spots and people per ring event (so RING_SIZE - RING_SPOTS wait). */
const RING_SPOTS = 2;
const RING_SIZE = 5;
/** Events per owner for the webhook pairs (one owner with a webhook, one without). */
const HOOK_EVENTS = 16;
/** Attendees of the big and the small events of the cancellation scenario, and events per run. */
export const CROWD = 1000;
export const FEW = 10;
const CANCELS_PER_RUN = 20;
/** Occurrences per seeded series (with --series-share). */
const SERIES_SIZE = 10;
/** Average attendees per event of the generator (with `attendees`, the drawn counts are scaled). */
export const FULL_ATTENDANCE = 35;
/** Above this many events, `attendees` defaults to LIGHT_ATTENDANCE (registrations ~5 per event). */
export const LIGHT_ABOVE = 100_000;
export const LIGHT_ATTENDANCE = 5;

/** mulberry32: a reproducible data set for a given size. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Boots the production server on the new database so its migrations create the schema. */
async function migrate({ root, main, database, secrets }) {
  const server = await startServer({
    name: 'migrations',
    args: [main],
    cwd: root,
    env: projectEnv({ database, secrets }),
  });
  try {
    // One account through the API: its argon2 hash (the app's parameters) is reused for everyone.
    const response = await fetch(`${server.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'bench_template',
        email: 'template@bench.example',
        password: PASSWORD,
      }),
    });
    if (response.status !== 201) {
      throw new Error(`register template user: ${response.status} ${await response.text()}`);
    }
  } finally {
    await server.stop();
  }
}

/** The attendance of a size when --attendees is not given. */
export const defaultAttendees = (events) =>
  events > LIGHT_ABOVE ? LIGHT_ATTENDANCE : FULL_ATTENDANCE;

/**
 * Seeds `events` events with realistic attendance (a quarter unlimited, some full, most partly
 * filled), `connections` viewers with sessions, as many users with no registrations for the
 * register/unregister pairs, and refresh-token chains, into `database` (a new, migrated one of
 * databases.mjs). Returns what the scenarios need.
 */
export async function seed({
  root,
  main,
  database,
  events: eventCount,
  attendees = defaultAttendees(eventCount),
  connections,
  runs = 1,
  seriesShare = 0,
  secrets,
  log,
}) {
  const started = Date.now();
  await migrate({ root, main, database, secrets });
  const [{ passwordHash }] = await database.all(
    `SELECT password_hash AS "passwordHash" FROM users WHERE username = 'bench_template'`,
  );
  const [next] = await database.all(
    'SELECT (SELECT COALESCE(MAX(id), 0) FROM users) AS users, ' +
      '(SELECT COALESCE(MAX(id), 0) FROM events) AS events, ' +
      '(SELECT COALESCE(MAX(id), 0) FROM registrations) AS registrations, ' +
      '(SELECT COALESCE(MAX(id), 0) FROM series) AS series',
  );
  const generated = generate({
    eventCount,
    attendees,
    connections,
    runs,
    seriesShare,
    secrets,
    passwordHash,
    lastIds: next,
  });
  const writer = await database.writer();
  for (const [table, row] of generated.rows) {
    // Columns the generator leaves out at the end (events.series_id) are NULL.
    while (row.length < TABLES[table].length) row.push(null);
    const pending = writer.add(table, row);
    if (pending) await pending;
  }
  const phases = await writer.finish();
  const out = generated.out;
  out.seedSeconds = (Date.now() - started) / 1000;
  out.counts.seedPhases = phases;
  const detail = phases
    ? ` (${Object.entries(phases)
        .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
        .join(', ')})`
    : '';
  log?.(
    `seeded ${eventCount} events, ${out.counts.registrations} registrations, ` +
      `${out.counts.users} users in ${out.seedSeconds.toFixed(1)} s${detail}, ${database.name}`,
  );
  return out;
}

/**
 * The data set of a size, as rows (`[table, values in databases.mjs' column order]`, parents
 * before children, explicit ids after `lastIds`), and what the scenarios need of it in `out`
 * (filled in as the rows are consumed).
 */
function generate({
  eventCount,
  attendees,
  connections,
  runs,
  seriesShare,
  secrets,
  passwordHash,
  lastIds,
}) {
  const random = rng(eventCount);
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const now = Date.now();
  const scale = attendees / FULL_ATTENDANCE;

  const userCount = Math.max(500, Math.ceil(eventCount / 10));
  const detailCount = Math.max(1, Math.min(64, Math.floor(eventCount / 20)));
  const pairCount = Math.max(1, Math.min(256, Math.floor(eventCount / 10)));
  // Which events the detail and pair scenarios target: spread over the table, not clustered.
  const roles = new Map();
  const stride = Math.floor(eventCount / (detailCount + pairCount));
  for (let k = 0; k < detailCount + pairCount; k++) {
    roles.set(k * stride + int(0, stride - 1), k < detailCount ? 'detail' : 'pair');
  }

  const out = {
    now,
    users: [],
    pairUsers: [],
    detailEventIds: [],
    pairEventIds: [],
    rings: [],
    quietEventIds: [],
    hookedEventIds: [],
    askingEventIds: [],
    cancelEvents: { crowd: [], few: [] },
    cancelRunsPlanned: runs,
    counts: {},
  };
  let userId = lastIds.users;
  let eventId = lastIds.events;
  let registrationId = lastIds.registrations;
  let seriesId = lastIds.series;
  let seriesCount = 0;
  /** The series being filled (up to SERIES_SIZE events of one owner), or undefined. */
  let series;
  // Its own random numbers: with a share of 0 the data set is the one of a run without series.
  const seriesRandom = rng(eventCount + 1);
  let registrations = 0;
  const user = (username, createdAt) => {
    const email = `${username}@bench.example`;
    return ['users', [++userId, username, username, email, email, passwordHash, createdAt]];
  };
  const registration = (event, who, status, createdAt, code = null) => {
    if (status === 'attending') registrations++;
    const hash = code === null ? null : sha256(code);
    return ['registrations', [++registrationId, event, who, status, createdAt, code, hash]];
  };
  const sessionRows = [];
  const openSession = (id, username) => {
    const sid = randomUUID();
    const sub = String(id);
    const access = signJwt({ sub, username, sid, typ: 'access' }, secrets.access, ACCESS_TTL);
    const refresh = signJwt({ sub, sid, typ: 'refresh' }, secrets.refresh, REFRESH_TTL);
    sessionRows.push(['sessions', [sid, id, sha256(refresh), now + REFRESH_TTL * 1000, now]]);
    return { userId: id, username, access, refresh };
  };

  function* rows() {
    const userIds = [];
    for (let i = 0; i < userCount; i++) {
      yield user(`user${i}`, now - int(1, 400) * DAY);
      userIds.push(userId);
    }
    for (let i = 0; i < connections; i++) {
      yield user(`pair${i}`, now - DAY);
      out.pairUsers.push(openSession(userId, `pair${i}`));
    }

    for (let i = 0; i < eventCount; i++) {
      const role = roles.get(i);
      const topic = pick(TOPICS);
      const name = `${pick(CITIES)} ${topic} ${pick(KINDS)} #${i + 1}`;
      const description =
        random() < 0.1
          ? null
          : Array.from({ length: int(12, 40) }, () => pick(WORDS)).join(' ') + '.';
      const location = random() < 0.1 ? null : `${pick(CITIES)}, ${int(1, 200)} Main Street`;
      // A year back to a year ahead, on the quarter hour; targeted events are upcoming.
      const offset = role ? int(7, 300) * DAY : int(-365, 365) * DAY + int(0, 95) * 900_000;
      const startsAt = Math.floor((now + offset) / 900_000) * 900_000;
      const endsAt = startsAt + int(1, 8) * 1_800_000;
      const createdAt = Math.min(now - 60_000, startsAt - int(1, 90) * DAY);
      let capacity = random() < 0.25 ? null : pick(CAPACITIES);
      let count;
      if (role === 'detail') {
        capacity = i % 2 ? null : 200;
        count = 100;
      } else if (role === 'pair') {
        count = int(0, 40);
        // Room for every connection at once: the pairs measure throughput, not EVENT_FULL.
        capacity = i % 2 ? null : count + 2 * connections + 10;
      } else if (capacity === null) {
        count = Math.round(int(0, 50) * scale);
      } else if (random() < 0.08) {
        // Sold out (or nearly, for the big halls); lighter attendance: smaller halls, still full.
        count = Math.min(capacity, 100);
        if (scale !== 1) capacity = count = Math.max(1, Math.round(count * scale));
      } else {
        count = Math.round(Math.min(100, Math.floor(capacity * random() * 0.8)) * scale);
      }
      let owner = pick(userIds);
      let inSeries = null;
      if (!role && seriesShare > 0 && seriesRandom() < seriesShare) {
        // A fifth (by default) of the ordinary events are occurrences of a series of ten.
        if (!series || series.size === SERIES_SIZE) {
          series = { id: ++seriesId, owner, size: 0 };
          seriesCount++;
          yield ['series', [seriesId, owner, 'FREQ=WEEKLY;COUNT=10', 'UTC', createdAt]];
        }
        series.size++;
        owner = series.owner;
        inSeries = series.id;
      }
      yield [
        'events',
        [
          ++eventId,
          owner,
          name,
          description,
          location,
          // searchColumns() in src/events/entities/event.entity.ts (ASCII here: no "İ" to fold).
          name.toLowerCase(),
          `${name}\n${description ?? ''}`.toLowerCase(),
          startsAt,
          endsAt,
          capacity,
          count,
          0,
          createdAt,
          createdAt,
          inSeries,
        ],
      ];
      if (role === 'detail') out.detailEventIds.push(eventId);
      if (role === 'pair') out.pairEventIds.push(eventId);
      const chosen = new Set();
      while (chosen.size < count) chosen.add(userIds[int(0, userIds.length - 1)]);
      const last = Math.max(createdAt + 1000, Math.min(now, startsAt) - 1000);
      const step = (last - createdAt) / (count + 1);
      let k = 0;
      for (const who of chosen) {
        yield registration(eventId, who, 'attending', Math.round(createdAt + ++k * step));
      }
    }

    // The promotion scenario: per connection, a full event (capacity RING_SPOTS) with a line, all
    // of one ring of users: attendees r0…r(c-1), then the others waiting in ring order. Each pair
    // is "the first attendee unregisters (the head of the line is promoted), then joins the line
    // again", which leaves the ring as it was, one step on.
    for (let i = 0; i < connections; i++) {
      const ring = [];
      for (let j = 0; j < RING_SIZE; j++) {
        yield user(`ring${i}_${j}`, now - DAY);
        ring.push(openSession(userId, `ring${i}_${j}`));
      }
      const startsAt = Math.floor((now + int(7, 300) * DAY) / 900_000) * 900_000;
      yield [
        'events',
        [
          ++eventId,
          ring[0].userId,
          `Sold-out ring #${i + 1}`,
          'A full event with a waiting list.',
          null,
          `sold-out ring #${i + 1}`,
          `sold-out ring #${i + 1}\na full event with a waiting list.`,
          startsAt,
          startsAt + 3_600_000,
          RING_SPOTS,
          RING_SPOTS,
          RING_SIZE - RING_SPOTS,
          now - DAY,
          now - DAY,
        ],
      ];
      for (const [j, member] of ring.entries()) {
        const status = j < RING_SPOTS ? 'attending' : 'waiting';
        yield registration(eventId, member.userId, status, now - DAY + j);
      }
      out.rings.push({ eventId, users: ring, next: 0 });
    }

    // Webhook pairs: two owners with the same upcoming, unlimited, empty events; the bench
    // subscribes a webhook for one of them (run.mjs), so the two scenarios differ by that alone.
    const eventsOf = function* (ownerId, ids, label) {
      for (let i = 0; i < HOOK_EVENTS; i++) {
        const startsAt = Math.floor((now + (30 + i) * DAY) / 900_000) * 900_000;
        const name = `${label} pairs #${i + 1}`;
        yield [
          'events',
          [
            ++eventId,
            ownerId,
            name,
            null,
            null,
            name.toLowerCase(),
            `${name}\n`.toLowerCase(),
            startsAt,
            startsAt + 3_600_000,
            null,
            0,
            0,
            now - DAY,
            now - DAY,
          ],
        ];
        ids.push(eventId);
      }
    };
    yield user('hook_quiet', now - DAY);
    out.quietOwner = openSession(userId, 'hook_quiet');
    yield* eventsOf(userId, out.quietEventIds, 'Quiet');
    yield user('hook_loud', now - DAY);
    out.hookedOwner = openSession(userId, 'hook_loud');
    yield* eventsOf(userId, out.hookedEventIds, 'Hooked');
    // Registration questions: the same events again, of an owner whose events get three
    // questions through the API before the run (run.mjs); pairs-quiet is the run without.
    yield user('asker', now - DAY);
    out.asker = openSession(userId, 'asker');
    yield* eventsOf(userId, out.askingEventIds, 'Asking');

    // Cancellations: per run, CANCELS_PER_RUN events with CROWD attendees and as many with FEW,
    // all of one owner, upcoming; the crowd is users of its own.
    const crowd = [];
    for (let i = 0; i < CROWD; i++) {
      yield user(`crowd${i}`, now - DAY);
      crowd.push(userId);
    }
    yield user('canceller', now - DAY);
    const cancellerId = userId;
    out.canceller = openSession(userId, 'canceller');
    for (let i = 0; i < CANCELS_PER_RUN * runs; i++) {
      for (const [kind, count] of [
        ['crowd', CROWD],
        ['few', FEW],
      ]) {
        const startsAt = Math.floor((now + (60 + i) * DAY) / 900_000) * 900_000;
        const name = `Cancelled ${kind} #${i + 1}`;
        yield [
          'events',
          [
            ++eventId,
            cancellerId,
            name,
            'An event the bench cancels.',
            'Berlin, 1 Main Street',
            name.toLowerCase(),
            `${name}\nan event the bench cancels.`.toLowerCase(),
            startsAt,
            startsAt + 3_600_000,
            count,
            count,
            0,
            now - DAY,
            now - DAY,
          ],
        ];
        out.cancelEvents[kind].push(eventId);
        for (let k = 0; k < count; k++) {
          yield registration(eventId, crowd[k], 'attending', now - DAY + k);
        }
      }
    }

    // Check-in: an event of the canceller's that takes check-ins now (it starts in two hours),
    // the crowd attending with a ticket each (codes as the server makes them; SHA-256 stored).
    const doorsAt = Math.floor((now + 2 * 3_600_000) / 900_000) * 900_000;
    yield [
      'events',
      [
        ++eventId,
        cancellerId,
        'Check-in night',
        'The bench scans its tickets.',
        null,
        'check-in night',
        'check-in night\nthe bench scans its tickets.',
        doorsAt,
        doorsAt + 3 * 3_600_000,
        CROWD,
        CROWD,
        0,
        now - DAY,
        now - DAY,
      ],
    ];
    out.checkInEventId = eventId;
    out.ticketCodes = [];
    for (let k = 0; k < CROWD; k++) {
      const code = randomBytes(16).toString('base64url');
      out.ticketCodes.push(code);
      yield registration(eventId, crowd[k], 'attending', now - DAY + k, code);
    }

    // Viewers for the read scenarios: ordinary users with sessions, one per connection.
    for (let i = 0; i < connections; i++) {
      out.users.push(openSession(userIds[i], `user${i}`));
    }
    // Refresh-token chains: every run (warm-up or measured) starts a fresh chain per connection
    // (the token in flight when a run stops is spent), and a chain that breaks takes a spare.
    const chains = connections * (2 * runs + 1);
    out.refreshPool = [];
    for (let i = 0; i < chains; i++) {
      const k = (connections + i) % userIds.length;
      out.refreshPool.push(openSession(userIds[k], `user${k}`).refresh);
    }
    yield* sessionRows;
    out.loginUsernames = Array.from({ length: Math.min(userCount, 1000) }, (_, i) => `user${i}`);
    out.counts = {
      events: eventCount,
      attendees,
      users: userCount + connections * (1 + RING_SIZE) + 1 + 4 + CROWD,
      registrations,
      series: seriesCount,
      seriesShare,
      sessions: sessionRows.length,
      detailEvents: out.detailEventIds.length,
      pairEvents: out.pairEventIds.length,
    };
  }
  return { rows: rows(), out };
}
