import { createTestApp, TestApp } from './app.factory';
import { createEvent, EVENTS, expectProblem, expectValidation } from './event-factories';
import { createUser, TestUser } from './factories';

/**
 * Unknown query parameters are a 400 on every endpoint but a calendar feed's address, also on
 * the endpoints that take no query at all (no DTO looks at their query string).
 */
describe('unknown query parameters', () => {
  let t: TestApp;
  let owner: TestUser;
  let eventId: number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t);
    eventId = (await createEvent(t, owner, { capacity: 1 })).id;
  });
  afterAll(() => t.close());

  it.each([
    ['GET', '/api/health'],
    ['GET', '/api/v1/users/me'],
    ['GET', `/api/v1/events/{id}`],
    ['GET', `/api/v1/events/{id}/calendar`],
    ['POST', `/api/v1/events/{id}/registration`],
    ['POST', `/api/v1/events/{id}/waitlist`],
    ['POST', '/api/v1/users/me/calendar-feed'],
  ])('%s %s?debug=1 is a 400 naming the parameter, and changes nothing', async (method, path) => {
    const url = `${path.replace('{id}', String(eventId))}?debug=1`;
    const call = method === 'GET' ? t.http().get(url) : t.http().post(url);
    expectValidation(await call.set(owner.auth), ['debug']);
    const detail = await t.http().get(`${EVENTS}/${eventId}`).set(owner.auth).expect(200);
    expect(detail.body).toMatchObject({ attendeeCount: 0, waitlistCount: 0 });
  });

  it('answers 401, 404 and 403 first, as the contract orders the checks', async () => {
    const other = await createUser(t);
    expectProblem(await t.http().get('/api/v1/users/me?debug=1'), 401, 'UNAUTHENTICATED');
    expectProblem(
      await t.http().get(`${EVENTS}/999999999?debug=1`).set(owner.auth),
      404,
      'EVENT_NOT_FOUND',
    );
    expectProblem(
      await t.http().get(`${EVENTS}/999999999/calendar?debug=1`).set(owner.auth),
      404,
      'EVENT_NOT_FOUND',
    );
    expectProblem(
      await t.http().delete(`${EVENTS}/${eventId}?debug=1`).set(other.auth),
      403,
      'NOT_EVENT_OWNER',
    );
  });

  it('still accepts the known parameters of an endpoint that has them', async () => {
    await t.http().get(`${EVENTS}?limit=5`).set(owner.auth).expect(200);
    expectValidation(await t.http().get(`${EVENTS}?debug=1`).set(owner.auth), ['debug']);
  });
});
