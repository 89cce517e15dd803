import { createTestApp, TestApp } from './app.factory';
import {
  createEvent,
  createUsers,
  EVENTS,
  EventBody,
  expectProblem,
  expectValidation,
  ids,
  makeAdmin,
} from './event-factories';
import { TestUser, uniqueName } from './factories';

describe('drafts and hosts', () => {
  let t: TestApp;
  let owner: TestUser;
  let cohost: TestUser;
  let checker: TestUser;
  let stranger: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    [owner, cohost, checker, stranger, admin] = await createUsers(t, 5);
    admin = await makeAdmin(t, admin);
  });
  afterAll(() => t.close());

  const putHost = (eventId: number, user: TestUser, role: string, as = owner) =>
    t.http().put(`${EVENTS}/${eventId}/hosts/${user.id}`).set(as.auth).send({ role });
  const list = (user: TestUser, query: string) =>
    t.http().get(`${EVENTS}?${query}`).set(user.auth).expect(200);

  describe('a draft does not exist for anyone without a role', () => {
    let draft: EventBody;
    const word = uniqueName('secretword');

    beforeAll(async () => {
      draft = await createEvent(t, owner, { published: false, name: `Draft ${word}`, capacity: 5 });
      await putHost(draft.id, checker, 'checker').expect(200);
    });

    it('is a draft to its owner: status draft, published false', () => {
      expect(draft).toMatchObject({ status: 'draft', published: false, myRole: 'owner' });
    });

    it.each([
      ['everything', ''],
      ['by owner', 'owner=OWNER'],
      ['by search', 'q=WORD'],
      ['by status', 'status=draft'],
      ['upcoming', 'status=upcoming'],
      ['with spots', 'hasSpots=true'],
      ['without spots', 'hasSpots=false'],
      ['hosted', 'host=me'],
    ])('is absent from a stranger’s list (%s), total included', async (_, query) => {
      const q = query.replace('OWNER', String(owner.id)).replace('WORD', word);
      const res = await list(stranger, `${q}&limit=100`);
      expect(ids(res)).not.toContain(draft.id);
      if (query === 'q=WORD') expect(res.body).toMatchObject({ total: 0, items: [] });
    });

    it('answers 404 to a stranger for the detail, calendar, attendees, hosts and registration', async () => {
      const at = `${EVENTS}/${draft.id}`;
      for (const res of [
        await t.http().get(at).set(stranger.auth),
        await t.http().get(`${at}/calendar`).set(stranger.auth),
        await t.http().get(`${at}/attendees`).set(stranger.auth),
        await t.http().get(`${at}/hosts`).set(stranger.auth),
        await t.http().post(`${at}/registration`).set(stranger.auth),
        await t.http().post(`${at}/waitlist`).set(stranger.auth),
      ]) {
        expectProblem(res, 404, 'EVENT_NOT_FOUND');
      }
    });

    it('is listed for its owner, hosts and admins: status=draft and host=me', async () => {
      expect(ids(await list(owner, 'status=draft&limit=100'))).toContain(draft.id);
      expect(ids(await list(checker, 'status=draft&limit=100'))).toContain(draft.id);
      expect(ids(await list(checker, 'host=me&limit=100'))).toContain(draft.id);
      expect(ids(await list(admin, `q=${word}`))).toEqual([draft.id]);
      expect(ids(await list(owner, 'status=upcoming&limit=100'))).not.toContain(draft.id);
    });

    it('answers 409 EVENT_DRAFT to a host registering or joining the line', async () => {
      const at = `${EVENTS}/${draft.id}`;
      expectProblem(
        await t.http().post(`${at}/registration`).set(checker.auth),
        409,
        'EVENT_DRAFT',
      );
      expectProblem(await t.http().post(`${at}/waitlist`).set(checker.auth), 409, 'EVENT_DRAFT');
    });
  });

  describe('publication', () => {
    it('makes the draft public as a new version; publishing again is a no-op', async () => {
      const draft = await createEvent(t, owner, { published: false });
      await putHost(draft.id, cohost, 'cohost').expect(200);
      const res = await t.http().post(`${EVENTS}/${draft.id}/publication`).set(cohost.auth);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ status: 'upcoming', published: true, version: 2 });
      const again = await t.http().post(`${EVENTS}/${draft.id}/publication`).set(owner.auth);
      expect(again.body).toMatchObject({ version: 2, published: true });
      await t.http().get(`${EVENTS}/${draft.id}`).set(stranger.auth).expect(200);
      await t.http().post(`${EVENTS}/${draft.id}/registration`).set(stranger.auth).expect(201);
    });

    it('answers 409 EVENT_CANCELLED for a cancelled draft, and refuses a body', async () => {
      const draft = await createEvent(t, owner, { published: false });
      await t.http().post(`${EVENTS}/${draft.id}/cancellation`).set(owner.auth).expect(200);
      const res = await t.http().post(`${EVENTS}/${draft.id}/publication`).set(owner.auth);
      expectProblem(res, 409, 'EVENT_CANCELLED');
      const other = await createEvent(t, owner, { published: false });
      const withBody = await t
        .http()
        .post(`${EVENTS}/${other.id}/publication`)
        .set(owner.auth)
        .send({ published: true });
      expect(withBody.status).toBe(400);
    });

    it('refuses published: null or a non-boolean at creation', async () => {
      for (const published of [null, 'yes', 1]) {
        const res = await t.http().post(EVENTS).set(owner.auth).send({
          name: 'x',
          startsAt: '2030-01-01T10:00:00Z',
          endsAt: '2030-01-01T11:00:00Z',
          published,
        });
        expectValidation(res, ['published']);
      }
    });
  });

  describe('hosts', () => {
    it('finds a user by username in any case (id and username only), 404 for nobody', async () => {
      const lookup = (username: string) =>
        t
          .http()
          .get(`/api/v1/users/lookup?username=${encodeURIComponent(username)}`)
          .set(owner.auth);
      const res = await lookup(cohost.username.toUpperCase()).expect(200);
      expect(res.body).toEqual({ id: cohost.id, username: cohost.username });
      expectProblem(await lookup('nobody_here_at_all'), 404, 'USER_NOT_FOUND');
      expectValidation(await lookup('a b'), ['username']);
      expect((await t.http().get('/api/v1/users/lookup?username=abc')).status).toBe(401);
    });

    it('lists the owner first, then hosts in the order added, and changes a role in place', async () => {
      const event = await createEvent(t, owner);
      await putHost(event.id, checker, 'checker').expect(200);
      const added = await putHost(event.id, cohost, 'cohost').expect(200);
      expect(added.body).toEqual({
        user: { id: cohost.id, username: cohost.username },
        role: 'cohost',
        addedAt: expect.stringMatching(/Z$/),
      });
      await putHost(event.id, checker, 'cohost').expect(200);
      const res = await t.http().get(`${EVENTS}/${event.id}/hosts`).set(checker.auth).expect(200);
      const items = res.body.items as { user: { id: number }; role: string }[];
      expect(items.map((h) => [h.user.id, h.role])).toEqual([
        [owner.id, 'owner'],
        [checker.id, 'cohost'],
        [cohost.id, 'cohost'],
      ]);
      expect(res.body.items[0].addedAt).toBe(event.createdAt);
    });

    it('answers 400 on userId for the owner, 404 USER_NOT_FOUND for nobody, 400 for a bad role', async () => {
      const event = await createEvent(t, owner);
      expectValidation(await putHost(event.id, owner, 'cohost'), ['userId']);
      const nobody = await t
        .http()
        .put(`${EVENTS}/${event.id}/hosts/999999`)
        .set(owner.auth)
        .send({ role: 'cohost' });
      expectProblem(nobody, 404, 'USER_NOT_FOUND');
      expectValidation(await putHost(event.id, cohost, 'owner'), ['role']);
      const badId = await t
        .http()
        .put(`${EVENTS}/${event.id}/hosts/abc`)
        .set(owner.auth)
        .send({ role: 'cohost' });
      expectValidation(badId, ['userId']);
    });

    it('lets a host leave, not remove another; the owner removes anyone', async () => {
      const event = await createEvent(t, owner);
      await putHost(event.id, cohost, 'cohost').expect(200);
      await putHost(event.id, checker, 'checker').expect(200);
      const at = `${EVENTS}/${event.id}/hosts`;
      expectProblem(
        await t.http().delete(`${at}/${checker.id}`).set(cohost.auth),
        403,
        'NOT_EVENT_HOST',
      );
      await t.http().delete(`${at}/${cohost.id}`).set(cohost.auth).expect(204);
      await t.http().delete(`${at}/${checker.id}`).set(owner.auth).expect(204);
      const after = await t.http().get(at).set(owner.auth).expect(200);
      expect(after.body.items).toHaveLength(1);
      // No longer a host: no longer allowed.
      expectProblem(await t.http().get(at).set(cohost.auth), 403, 'NOT_EVENT_OWNER');
      expectValidation(await t.http().delete(`${at}/${owner.id}`).set(owner.auth), ['userId']);
    });
  });
});
