import { createTestApp, TestApp } from './app.factory';
import { createEvent, createUsers, EVENTS, EventBody, makeAdmin } from './event-factories';
import { createUser, TestUser } from './factories';

// A fresh event per case: 6 roles × 11 actions × published and draft.
jest.setTimeout(120_000);

type Role = 'owner' | 'cohost' | 'checker' | 'attendee' | 'stranger' | 'admin';
type Action =
  | 'read'
  | 'edit'
  | 'cancel'
  | 'publish'
  | 'delete'
  | 'listHosts'
  | 'manageHosts'
  | 'attendees'
  | 'csv'
  | 'approve'
  | 'checkIn';

const ROLES: Role[] = ['owner', 'cohost', 'checker', 'attendee', 'stranger', 'admin'];
const OWNER = '403 NOT_EVENT_OWNER';
const HOST = '403 NOT_EVENT_HOST';

/**
 * The contract's permission table, written out by hand (not derived from the code's table), for
 * a published event: what each role gets for each action. `ok` is the action's success status.
 */
const PUBLISHED: Record<Action, Record<Role, string>> = {
  read: { owner: 'ok', cohost: 'ok', checker: 'ok', attendee: 'ok', stranger: 'ok', admin: 'ok' },
  edit: { owner: 'ok', cohost: 'ok', checker: HOST, attendee: OWNER, stranger: OWNER, admin: 'ok' },
  cancel: {
    owner: 'ok',
    cohost: 'ok',
    checker: HOST,
    attendee: OWNER,
    stranger: OWNER,
    admin: 'ok',
  },
  publish: {
    owner: 'ok',
    cohost: 'ok',
    checker: HOST,
    attendee: OWNER,
    stranger: OWNER,
    admin: 'ok',
  },
  delete: {
    owner: 'ok',
    cohost: HOST,
    checker: HOST,
    attendee: OWNER,
    stranger: OWNER,
    admin: 'ok',
  },
  listHosts: {
    owner: 'ok',
    cohost: 'ok',
    checker: 'ok',
    attendee: OWNER,
    stranger: OWNER,
    admin: 'ok',
  },
  manageHosts: {
    owner: 'ok',
    cohost: HOST,
    checker: HOST,
    attendee: OWNER,
    stranger: OWNER,
    admin: 'ok',
  },
  attendees: {
    owner: 'ok',
    cohost: 'ok',
    checker: 'ok',
    attendee: OWNER,
    stranger: OWNER,
    admin: 'ok',
  },
  csv: { owner: 'ok', cohost: 'ok', checker: HOST, attendee: OWNER, stranger: OWNER, admin: 'ok' },
  approve: {
    owner: 'ok',
    cohost: 'ok',
    checker: HOST,
    attendee: OWNER,
    stranger: OWNER,
    admin: 'ok',
  },
  checkIn: {
    owner: 'ok',
    cohost: 'ok',
    checker: 'ok',
    attendee: OWNER,
    stranger: OWNER,
    admin: 'ok',
  },
};

/**
 * On a draft the same, except that it does not exist for anyone without a role (nor admin), and
 * that nobody can be approved or checked in there: those who may try get 409 EVENT_DRAFT.
 */
const DRAFT = Object.fromEntries(
  Object.entries(PUBLISHED).map(([action, row]) => [
    action,
    Object.fromEntries(
      Object.entries({
        ...row,
        attendee: '404 EVENT_NOT_FOUND',
        stranger: '404 EVENT_NOT_FOUND',
      }).map(([role, expected]) => [
        role,
        expected === 'ok' && (action === 'approve' || action === 'checkIn')
          ? '409 EVENT_DRAFT'
          : expected,
      ]),
    ),
  ]),
) as Record<Action, Record<Role, string>>;

const SUCCESS: Record<Action, number> = {
  read: 200,
  edit: 200,
  cancel: 200,
  publish: 200,
  delete: 204,
  listHosts: 200,
  manageHosts: 200,
  attendees: 200,
  csv: 200,
  approve: 200,
  checkIn: 201,
};

describe('access: every role × every action, on published events and drafts', () => {
  let t: TestApp;
  let people: Record<Role, TestUser>;
  let extra: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    const [owner, cohost, checker, attendee, stranger, admin] = await createUsers(t, 6);
    people = { owner, cohost, checker, attendee, stranger, admin: await makeAdmin(t, admin) };
    extra = await createUser(t);
  });
  afterAll(() => t.close());

  /**
   * An event of the owner's with a cohost, a checker and (when published) one attendee, whose
   * registration is a pending request when the event requires approval. It starts in a day, so
   * check-in is open.
   */
  async function eventWithHosts(published: boolean, requiresApproval = false): Promise<EventBody> {
    const event = await createEvent(t, people.owner, { published, capacity: 10, requiresApproval });
    for (const role of ['cohost', 'checker'] as const) {
      await t
        .http()
        .put(`${EVENTS}/${event.id}/hosts/${people[role].id}`)
        .set(people.owner.auth)
        .send({ role })
        .expect(200);
    }
    if (published) {
      await t
        .http()
        .post(`${EVENTS}/${event.id}/registration`)
        .set(people.attendee.auth)
        .expect(201);
    }
    return event;
  }

  function perform(action: Action, id: number, user: TestUser) {
    const http = t.http();
    const at = `${EVENTS}/${id}`;
    switch (action) {
      case 'read':
        return http.get(at).set(user.auth);
      case 'edit':
        return http.patch(at).set(user.auth).send({ name: 'Renamed' });
      case 'cancel':
        return http.post(`${at}/cancellation`).set(user.auth).send({ reason: 'rain' });
      case 'publish':
        return http.post(`${at}/publication`).set(user.auth);
      case 'delete':
        return http.delete(at).set(user.auth);
      case 'listHosts':
        return http.get(`${at}/hosts`).set(user.auth);
      case 'manageHosts':
        return http.put(`${at}/hosts/${extra.id}`).set(user.auth).send({ role: 'checker' });
      case 'attendees':
        return http.get(`${at}/attendees`).set(user.auth);
      case 'csv':
        return http.get(`${at}/attendees?format=csv`).set(user.auth);
      case 'approve':
        return http.post(`${at}/registrations/${people.attendee.id}/approval`).set(user.auth);
      case 'checkIn':
        return (async () => {
          const ticket = await t.http().get(`${at}/ticket`).set(people.attendee.auth);
          const code = (ticket.body as { code?: string }).code ?? 'no-ticket';
          return http.post(`${at}/check-ins`).set(user.auth).send({ code });
        })();
    }
  }

  const cases = (published: boolean) =>
    Object.entries(published ? PUBLISHED : DRAFT).flatMap(([action, row]) =>
      ROLES.map((role) => [action as Action, role, row[role]] as const),
    );

  describe.each([
    ['published', true],
    ['draft', false],
  ])('on a %s event', (_, published) => {
    it.each(cases(published))('%s by %s → %s', async (action, role, expected) => {
      const event = await eventWithHosts(published, action === 'approve');
      const res = await perform(action, event.id, people[role]);
      if (expected === 'ok') {
        expect(res.status).toBe(SUCCESS[action]);
      } else {
        expect(`${res.status} ${(res.body as { code?: string }).code}`).toBe(expected);
        // A refused action changed nothing.
        const after = await t.http().get(`${EVENTS}/${event.id}`).set(people.owner.auth);
        expect(after.body).toMatchObject({ version: 1, name: event.name, status: event.status });
        const hosts = await t.http().get(`${EVENTS}/${event.id}/hosts`).set(people.owner.auth);
        const hostIds = (hosts.body as { items: { user: { id: number } }[] }).items.map(
          (host) => host.user.id,
        );
        expect(hostIds).toEqual([people.owner.id, people.cohost.id, people.checker.id]);
        const rows = await t.http().get(`${EVENTS}/${event.id}/attendees`).set(people.owner.auth);
        const items = (rows.body as { items: { status: string; checkedInAt: unknown }[] }).items;
        expect(items.map((row) => [row.status, row.checkedInAt])).toEqual(
          published ? [[action === 'approve' ? 'pending' : 'attending', null]] : [],
        );
      }
    });
  });

  it('answers myRole for each role, and isOwner only for the owner', async () => {
    const event = await eventWithHosts(true);
    const roles: Record<Role, string | null> = {
      owner: 'owner',
      cohost: 'cohost',
      checker: 'checker',
      attendee: null,
      stranger: null,
      admin: null,
    };
    for (const role of ROLES) {
      const res = await perform('read', event.id, people[role]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ myRole: roles[role], isOwner: role === 'owner' });
    }
  });
});
