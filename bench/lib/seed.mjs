// A fresh database per run: the app's own migrations create the schema (the production server
// boots once on the new file), then users, events, registrations and sessions are bulk-inserted
// with better-sqlite3 prepared statements in one transaction.
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { projectEnv } from './build.mjs';
import { signJwt } from './jwt.mjs';
import { startServer } from './processes.mjs';

export const PASSWORD = 'bench-password-1';
export const SEARCH_Q = 'jazz';
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

/** Boots the production server on `dbPath` so its migrations create the schema; returns a hash. */
async function migrate({ root, main, dbPath, secrets }) {
  const server = await startServer({
    name: 'migrations',
    args: [main],
    cwd: root,
    env: projectEnv({ dbPath, secrets }),
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

/**
 * Seeds `events` events with realistic attendance (a quarter unlimited, some full, most partly
 * filled), `connections` viewers with sessions, as many users with no registrations for the
 * register/unregister pairs, and refresh-token chains. Returns what the scenarios need.
 */
export async function seed({
  root,
  main,
  dir,
  events: eventCount,
  connections,
  runs = 1,
  secrets,
  log,
}) {
  const dbPath = join(dir, `events-${eventCount}.sqlite`);
  const started = Date.now();
  await migrate({ root, main, dbPath, secrets });

  const db = new Database(dbPath);
  // Bulk load without a journal (the file is thrown away if this fails); WAL again afterwards.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const random = rng(eventCount);
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const now = Date.now();

  const template = db.prepare("SELECT password_hash FROM users WHERE username = 'bench_template'");
  const passwordHash = template.get().password_hash;
  const insertUser = db.prepare(
    'INSERT INTO users (username, username_key, email, email_key, password_hash, is_admin, created_at) ' +
      'VALUES (?, ?, ?, ?, ?, 0, ?)',
  );
  const insertEvent = db.prepare(
    'INSERT INTO events (owner_id, name, description, location, name_key, search_text, starts_at, ' +
      'ends_at, capacity, attendee_count, created_at, updated_at) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertRegistration = db.prepare(
    'INSERT INTO registrations (event_id, user_id, created_at) VALUES (?, ?, ?)',
  );
  const insertSession = db.prepare(
    'INSERT INTO sessions (id, user_id, refresh_hash, refresh_expires_at, created_at) VALUES (?, ?, ?, ?, ?)',
  );

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
    dbPath,
    now,
    users: [],
    pairUsers: [],
    detailEventIds: [],
    pairEventIds: [],
    rings: [],
    counts: {},
  };
  const openSession = (userId, username) => {
    const sid = randomUUID();
    const sub = String(userId);
    const access = signJwt({ sub, username, sid, typ: 'access' }, secrets.access, ACCESS_TTL);
    const refresh = signJwt({ sub, sid, typ: 'refresh' }, secrets.refresh, REFRESH_TTL);
    insertSession.run(sid, userId, sha256(refresh), now + REFRESH_TTL * 1000, now);
    return { userId, username, access, refresh };
  };

  let registrations = 0;
  let sessions = 0;
  db.transaction(() => {
    const userIds = [];
    for (let i = 0; i < userCount; i++) {
      const username = `user${i}`;
      const email = `${username}@bench.example`;
      const info = insertUser.run(
        username,
        username,
        email,
        email,
        passwordHash,
        now - int(1, 400) * DAY,
      );
      userIds.push(Number(info.lastInsertRowid));
    }
    for (let i = 0; i < connections; i++) {
      const username = `pair${i}`;
      const email = `${username}@bench.example`;
      const info = insertUser.run(username, username, email, email, passwordHash, now - DAY);
      out.pairUsers.push(openSession(Number(info.lastInsertRowid), username));
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
      let attendees;
      if (role === 'detail') {
        capacity = i % 2 ? null : 200;
        attendees = 100;
      } else if (role === 'pair') {
        attendees = int(0, 40);
        // Room for every connection at once: the pairs measure throughput, not EVENT_FULL.
        capacity = i % 2 ? null : attendees + 2 * connections + 10;
      } else if (capacity === null) {
        attendees = int(0, 50);
      } else if (random() < 0.08) {
        attendees = Math.min(capacity, 100); // sold out (or nearly, for the big halls)
      } else {
        attendees = Math.min(100, Math.floor(capacity * random() * 0.8));
      }
      const owner = pick(userIds);
      const info = insertEvent.run(
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
        attendees,
        createdAt,
        createdAt,
      );
      const eventId = Number(info.lastInsertRowid);
      if (role === 'detail') out.detailEventIds.push(eventId);
      if (role === 'pair') out.pairEventIds.push(eventId);
      const chosen = new Set();
      while (chosen.size < attendees) chosen.add(userIds[int(0, userIds.length - 1)]);
      const last = Math.max(createdAt + 1000, Math.min(now, startsAt) - 1000);
      const step = (last - createdAt) / (attendees + 1);
      let k = 0;
      for (const userId of chosen) {
        insertRegistration.run(eventId, userId, Math.round(createdAt + ++k * step));
      }
      registrations += attendees;
    }

    // The promotion scenario: per connection, a full event (capacity RING_SPOTS) with a line, all
    // of one ring of users: attendees r0…r(c-1), then the others waiting in ring order. Each pair
    // is "the first attendee unregisters (the head of the line is promoted), then joins the line
    // again", which leaves the ring as it was, one step on.
    const insertWaiting = db.prepare(
      "INSERT INTO registrations (event_id, user_id, status, created_at) VALUES (?, ?, 'waiting', ?)",
    );
    for (let i = 0; i < connections; i++) {
      const ring = [];
      for (let j = 0; j < RING_SIZE; j++) {
        const username = `ring${i}_${j}`;
        const email = `${username}@bench.example`;
        const info = insertUser.run(username, username, email, email, passwordHash, now - DAY);
        ring.push(openSession(Number(info.lastInsertRowid), username));
      }
      const startsAt = Math.floor((now + int(7, 300) * DAY) / 900_000) * 900_000;
      const info = insertEvent.run(
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
        now - DAY,
        now - DAY,
      );
      const eventId = Number(info.lastInsertRowid);
      ring.forEach((user, j) =>
        (j < RING_SPOTS ? insertRegistration : insertWaiting).run(
          eventId,
          user.userId,
          now - DAY + j,
        ),
      );
      db.prepare('UPDATE events SET waitlist_count = ? WHERE id = ?').run(
        RING_SIZE - RING_SPOTS,
        eventId,
      );
      registrations += RING_SPOTS;
      out.rings.push({ eventId, users: ring, next: 0 });
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
    sessions = connections * (2 + RING_SIZE) + chains;
    out.loginUsernames = Array.from({ length: Math.min(userCount, 1000) }, (_, i) => `user${i}`);
  })();

  db.pragma('journal_mode = WAL');
  db.close();
  out.counts = {
    events: eventCount,
    users: userCount + connections * (1 + RING_SIZE) + 1,
    registrations,
    sessions,
    detailEvents: out.detailEventIds.length,
    pairEvents: out.pairEventIds.length,
  };
  out.seedSeconds = (Date.now() - started) / 1000;
  log?.(
    `seeded ${eventCount} events, ${registrations} registrations, ${out.counts.users} users ` +
      `in ${out.seedSeconds.toFixed(1)} s`,
  );
  return out;
}
