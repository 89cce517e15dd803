import { createTestApp, TestApp } from './app.factory';
import { createUser, TestUser } from './factories';
import { patchRaces } from './patch-race-support';

jest.setTimeout(60_000);

/**
 * PATCH decides against the row as it is at write time (read for update in the transaction that
 * writes): concurrent edits of different fields all persist, edits of the same fields never mix,
 * and the merged-result rules (`endsAt > startsAt`) hold whatever the interleaving.
 */
describe('PATCH races (one instance)', () => {
  let t: TestApp;
  let races: ReturnType<typeof patchRaces>;

  beforeAll(async () => {
    t = await createTestApp();
    const owner: TestUser = await createUser(t);
    races = patchRaces([t], owner);
  });
  afterAll(() => t.close());

  it('keeps every field of concurrent PATCHes of disjoint fields, in each of 20 rounds', () =>
    races.disjointFields());

  it('does the same with If-Match: *', () => races.disjointFields('*'));

  it('never leaves endsAt <= startsAt when startsAt and endsAt are patched concurrently', () =>
    races.startAndEnd());

  it('lets one of concurrent PATCHes of the same fields win whole, never a mix', () =>
    races.sameFields(undefined));

  it('with the same If-Match ETag, lets exactly one win and answers the others 412', () =>
    races.sameFields('etag'));
});
