import { createTestApp, TestApp } from './app.factory';
import { createEvent, EVENTS } from './event-factories';
import { createUser, TestUser } from './factories';
import { expectProblem } from './support/expect-problem';

jest.setTimeout(30_000);

/** Percent-escapes that decode to nothing: a lone `%`, non-hex digits, bytes that are not UTF-8. */
const MALFORMED = [
  'q=%ff',
  'q=%',
  'q=%zz',
  'q=%4',
  'q=caf%E9', // Latin-1 é: not UTF-8
  'q=%ED%A0%80', // an encoded lone surrogate
  'q=%C3', // a UTF-8 sequence cut short
  '%ff=1', // in a key
  'q%=1',
  'limit=10&%zz',
];

/**
 * A query string with a malformed percent-escape is a 400 VALIDATION_FAILED problem on every
 * endpoint (contract), whether the route takes a query, takes none, or takes any (a calendar
 * feed); it used to be decoded as literal text, so `q=%ff` searched for "%ff" and answered 200.
 */
describe('malformed percent-escapes in the query string', () => {
  let t: TestApp;
  let user: TestUser;
  let feedPath: string;
  let eventId: number;

  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t);
    eventId = (await createEvent(t, user, { name: 'Café été' })).id;
    const feed = await t.http().post('/api/v1/users/me/calendar-feed').set(user.auth).expect(201);
    feedPath = new URL((feed.body as { url: string }).url).pathname;
  });
  afterAll(() => t.close());

  const endpoints = (query: string) => [
    t.http().get(`${EVENTS}?${query}`).set(user.auth),
    t.http().get(`${EVENTS}/${eventId}?${query}`).set(user.auth),
    t.http().get(`/api/v1/users/me?${query}`).set(user.auth),
    t.http().get(`/api/v1/users/me?${query}`), // before authentication too
    t.http().post(`/api/v1/auth/login?${query}`).send({ username: 'x', password: 'y' }),
    t.http().get(`/api/health?${query}`),
    t.http().get(`${feedPath}?${query}`),
  ];

  it.each(MALFORMED)(
    'answers 400 VALIDATION_FAILED to ?%s on every kind of endpoint',
    async (query) => {
      for (const res of await Promise.all(endpoints(query))) {
        const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(problem.detail).toBe('The query string holds a malformed percent-escape.');
      }
    },
  );

  it('still decodes well-formed escapes and + as a space', async () => {
    const res = await t
      .http()
      .get(`${EVENTS}?q=caf%C3%A9+%C3%A9t%C3%A9&limit=%35`)
      .set(user.auth)
      .expect(200);
    expect((res.body as { items: { id: number }[] }).items.map((item) => item.id)).toEqual([
      eventId,
    ]);
    await t.http().get(`${EVENTS}?q=%25&q=x`).set(user.auth).expect(400); // given twice
    await t.http().get(`${EVENTS}?q=100%25`).set(user.auth).expect(200); // a literal %
  });

  it('answers 404 to an unknown route first', async () => {
    expectProblem(await t.http().get('/api/v1/nowhere?q=%ff'), 404, 'NOT_FOUND');
  });
});
