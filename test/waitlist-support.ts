import { EventEntity } from '../src/events/entities/event.entity';
import { Registration } from '../src/events/entities/registration.entity';
import { TestApp } from './app.factory';
import { EVENTS, EventDetailBody } from './event-factories';
import { TestUser } from './factories';

/** The HTTP calls of the registration and waiting-list endpoints, for one app. */
export function spotCalls(t: TestApp) {
  return {
    register: (id: number, user: TestUser) =>
      t.http().post(`${EVENTS}/${id}/registration`).set(user.auth),
    unregister: (id: number, user: TestUser) =>
      t.http().delete(`${EVENTS}/${id}/registration`).set(user.auth),
    join: (id: number, user: TestUser) => t.http().post(`${EVENTS}/${id}/waitlist`).set(user.auth),
    leave: (id: number, user: TestUser) =>
      t.http().delete(`${EVENTS}/${id}/waitlist`).set(user.auth),
    detail: async (id: number, user: TestUser) =>
      (await t.http().get(`${EVENTS}/${id}`).set(user.auth).expect(200)).body as EventDetailBody,
  };
}

/** Rows of `registrations` as stored, per status, in id order. */
export async function storedRows(t: TestApp, eventId: number) {
  const rows = await t.dataSource
    .getRepository(Registration)
    .find({ where: { eventId }, order: { id: 'ASC' } });
  return {
    attending: rows.filter((row) => row.status === 'attending').map((row) => row.userId),
    waiting: rows.filter((row) => row.status === 'waiting').map((row) => row.userId),
  };
}

/**
 * The contract's invariants, checked against the stored rows and the API's answer: the counters
 * equal the rows, nobody is both attending and waiting, the detail lists them in order, and for
 * an upcoming event nobody waits while a spot is free. Answers the detail.
 */
export async function expectInvariants(
  t: TestApp,
  eventId: number,
  viewer: TestUser,
): Promise<EventDetailBody> {
  const detail = (await t.http().get(`${EVENTS}/${eventId}`).set(viewer.auth).expect(200))
    .body as EventDetailBody;
  const stored = await t.dataSource.getRepository(EventEntity).findOneByOrFail({ id: eventId });
  const rows = await storedRows(t, eventId);
  expect(stored.attendeeCount).toBe(rows.attending.length);
  expect(stored.waitlistCount).toBe(rows.waiting.length);
  expect(detail.attendeeCount).toBe(rows.attending.length);
  expect(detail.waitlistCount).toBe(rows.waiting.length);
  expect(detail.attendees.map((a) => a.id)).toEqual(rows.attending);
  expect(detail.waitlist.map((w) => w.id)).toEqual(rows.waiting);
  expect(rows.attending.filter((id) => rows.waiting.includes(id))).toEqual([]);
  if (detail.capacity !== null) {
    expect(detail.attendeeCount).toBeLessThanOrEqual(detail.capacity);
  }
  if (detail.status === 'upcoming' && detail.waitlistCount > 0) {
    expect(detail.attendeeCount).toBe(detail.capacity);
  }
  return detail;
}

/** `[status, code]` of each response, counted: e.g. `{ '201': 10, '409 EVENT_FULL': 20 }`. */
export function tally(responses: { status: number; body: { code?: string } }[]) {
  const counts: Record<string, number> = {};
  for (const res of responses) {
    const key = res.status < 300 ? String(res.status) : `${res.status} ${res.body.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
