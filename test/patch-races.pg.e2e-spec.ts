import { createTestApp, TestApp } from './app.factory';
import { createUser } from './factories';
import { patchRaces } from './patch-race-support';

jest.setTimeout(60_000);

/**
 * The PATCH races across two app instances on one PostgreSQL database (each with its own pool):
 * the row lock, not anything in one process, keeps edits from being lost or mixed.
 */
describe('PATCH races (two instances, PostgreSQL)', () => {
  let a: TestApp;
  let b: TestApp;
  let races: ReturnType<typeof patchRaces>;

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ DB_PATH: a.dbPath, DB_MIGRATE: 'false' });
    races = patchRaces([a, b], await createUser(a));
  });
  afterAll(async () => {
    await b?.close({ keepDatabase: true });
    await a?.close();
  });

  it('keeps every field of concurrent PATCHes of disjoint fields, in each of 20 rounds', () =>
    races.disjointFields());

  it('never leaves endsAt <= startsAt when startsAt and endsAt are patched concurrently', () =>
    races.startAndEnd());

  it('lets one of concurrent PATCHes of the same fields win whole, never a mix', () =>
    races.sameFields(undefined));
});
