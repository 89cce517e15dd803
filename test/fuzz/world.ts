import { TEST_SECRETS, TestApp } from '../app.factory';
import {
  DAY,
  HOUR,
  insertEvent,
  insertRegistration,
  insertWaiting,
  makeAdmin,
} from '../event-factories';
import { createUser, login, TestUser } from '../factories';
import { accessClaims, craftJwt, decodeJwt } from '../support/jwt';

/**
 * What the fuzzer works against: users of every role, events in every state, and tokens of every
 * kind a client could present. Users `owner`, `other` and `admin` keep their sessions for the whole
 * run (their refresh tokens are never handed to the fuzzer); `spare`'s sessions are there to be
 * refreshed, replayed and logged out.
 */
export interface World {
  users: { owner: TestUser; other: TestUser; admin: TestUser; spare: TestUser };
  /** events in every state: room, unlimited, full, with a line, cancelled, someone else's, started, past */
  fixtureIds: number[];
  /** recreates the fixture events the fuzzer deleted */
  replenish: () => Promise<void>;
  /** `Authorization` header values by label (`undefined`: no header) */
  authorizations: Record<string, string | undefined>;
  /** token strings for the token fields of `/auth/*` bodies */
  tokens: string[];
  /** usernames and passwords for login bodies (some right, some wrong) */
  credentials: { username: string; password: string }[];
}

/** Makers of the fixture events, written straight to the database (some have started). */
function eventFixtures(
  t: TestApp,
  users: { owner: TestUser; other: TestUser; admin: TestUser },
): (() => Promise<number>)[] {
  const { owner, other, admin } = users;
  const upcoming = (user: TestUser, capacity: number | null, name: string) => () =>
    insertEvent(t, user, {
      name,
      startsAt: Date.now() + DAY,
      endsAt: Date.now() + DAY + 2 * HOUR,
      capacity,
    });
  const withAttendee =
    (make: () => Promise<number>, attendees: TestUser[] = [other]) =>
    async () => {
      const id = await make();
      for (const attendee of attendees) await insertRegistration(t, id, attendee.id);
      return id;
    };
  return [
    upcoming(owner, 3, 'Owner small event'),
    upcoming(owner, null, 'Owner unlimited event'),
    withAttendee(upcoming(owner, 1, 'Owner full event')),
    withAttendee(upcoming(owner, 4, 'Owner half-full event'), [other, admin]),
    async () => {
      const id = await withAttendee(upcoming(owner, 1, 'Owner event with a waiting list'))();
      await insertWaiting(t, id, admin.id);
      return id;
    },
    withAttendee(() =>
      insertEvent(t, owner, {
        name: 'Cancelled event',
        startsAt: Date.now() + DAY,
        endsAt: Date.now() + DAY + HOUR,
        capacity: 5,
        cancelledAt: Date.now(),
      }),
    ),
    upcoming(other, 10, 'Other event'),
    upcoming(admin, 2, 'Admin event'),
    withAttendee(() =>
      insertEvent(t, owner, {
        name: 'Started event',
        startsAt: Date.now() - HOUR,
        endsAt: Date.now() + HOUR,
        capacity: 5,
      }),
    ),
    () =>
      insertEvent(t, other, {
        name: 'Past event',
        startsAt: Date.now() - 2 * DAY,
        endsAt: Date.now() - DAY,
      }),
  ];
}

export async function buildWorld(t: TestApp): Promise<World> {
  const owner = await createUser(t);
  const other = await createUser(t);
  const admin = await makeAdmin(t, await createUser(t));
  const spare = await createUser(t);
  const revoked = await createUser(t);
  await t.http().post('/api/v1/auth/logout').send({ refresh_token: revoked.refreshToken });

  const fixtures = eventFixtures(t, { owner, other, admin });
  const fixtureIds: number[] = [];
  for (const make of fixtures) fixtureIds.push(await make());

  const spareSessions = [spare.refreshToken];
  for (let i = 0; i < 4; i += 1) {
    spareSessions.push((await login(t, spare.username, spare.password)).refresh_token);
  }

  const sid = String(decodeJwt(owner.accessToken).sid);
  const header = { alg: 'HS256', typ: 'JWT' };
  const secret = TEST_SECRETS.JWT_ACCESS_SECRET;
  const expired = craftJwt(
    header,
    accessClaims(owner, sid, { iat: 1_700_000_000, exp: 1_700_000_060 }),
    secret,
  );
  const algNone = craftJwt({ alg: 'none', typ: 'JWT' }, accessClaims(owner, sid));
  const wrongSecret = craftJwt(header, accessClaims(owner, sid), 'x'.repeat(40));
  const refreshSigned = craftJwt(
    header,
    accessClaims(owner, sid, { typ: 'refresh' }),
    TEST_SECRETS.JWT_REFRESH_SECRET,
  );
  const wrongSubject = craftJwt(header, accessClaims(other, sid), secret);
  const noSession = craftJwt(
    header,
    accessClaims(owner, '00000000-0000-4000-8000-000000000000'),
    secret,
  );
  const sidNumber = craftJwt(header, accessClaims(owner, sid, { sid: 42 }), secret);
  const hs512 = craftJwt({ alg: 'HS512', typ: 'JWT' }, accessClaims(owner, sid), secret);
  const [head, body, signature] = owner.accessToken.split('.');
  const tampered = `${head}.${body}x.${signature}`;

  const bearer = (token: string) => `Bearer ${token}`;
  return {
    users: { owner, other, admin, spare },
    fixtureIds,
    replenish: async () => {
      // Events the fuzzer deleted come back (with new ids), so every state stays in play.
      const ids = new Set(
        (await t.dataSource.query<{ id: number }[]>('SELECT id FROM events')).map((row) =>
          Number(row.id),
        ),
      );
      for (const [i, make] of fixtures.entries()) {
        if (!ids.has(fixtureIds[i]!)) fixtureIds[i] = await make();
      }
    },
    authorizations: {
      none: undefined,
      owner: bearer(owner.accessToken),
      other: bearer(other.accessToken),
      admin: bearer(admin.accessToken),
      lowercaseScheme: `bearer ${owner.accessToken}`,
      doubleSpace: `Bearer  ${owner.accessToken}`,
      schemeOnly: 'Bearer',
      schemeSpace: 'Bearer ',
      basic: 'Basic YWRtaW46MTIzNDU2',
      refreshToken: bearer(spare.refreshToken),
      expired: bearer(expired),
      algNone: bearer(algNone),
      wrongSecret: bearer(wrongSecret),
      refreshSigned: bearer(refreshSigned),
      wrongSubject: bearer(wrongSubject),
      noSession: bearer(noSession),
      sidNumber: bearer(sidNumber),
      hs512: bearer(hs512),
      tampered: bearer(tampered),
      revokedSession: bearer(revoked.accessToken),
      garbage: bearer('not.a.jwt'),
      huge: bearer('a'.repeat(8000)),
      unicode: bearer('ü.ö.ä'),
    },
    tokens: [
      ...spareSessions,
      spare.accessToken,
      owner.accessToken,
      expired,
      algNone,
      wrongSecret,
      refreshSigned,
      tampered,
      revoked.refreshToken,
      revoked.accessToken,
      '',
      'x',
      'a'.repeat(4096),
      'a'.repeat(4097),
    ],
    credentials: [
      { username: owner.username, password: owner.password },
      { username: owner.username.toUpperCase(), password: owner.password },
      { username: owner.username, password: 'wrong-password' },
      { username: 'nobody-here', password: 'whatever-it-is' },
      { username: other.username, password: '' },
    ],
  };
}
