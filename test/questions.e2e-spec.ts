import { parse } from 'csv-parse/sync';
import { createTestApp, TestApp } from './app.factory';
import { createEvent, EVENTS, EventBody, expectProblem, expectValidation } from './event-factories';
import { createUser, TestUser } from './factories';

// Many small requests per test: seconds on a busy 2-core machine.
jest.setTimeout(30_000);

interface Question {
  id: string;
  label: string;
  type: 'text' | 'choice' | 'boolean';
  required: boolean;
  options: string[] | null;
}

const SIZE = { label: 'T-shirt size', type: 'choice', required: true, options: ['S', 'M', 'L'] };
const DIET = { label: 'Dietary needs', type: 'text' };
const VEGAN = { label: 'Vegan?', type: 'boolean', required: true };

describe('registration questions and answers', () => {
  let t: TestApp;
  let owner: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t);
  });
  afterAll(() => t.close());

  const patch = (id: number, body: object, user = owner) =>
    t.http().patch(`${EVENTS}/${id}`).set(user.auth).send(body);
  const register = (id: number, user: TestUser, body?: object) => {
    const req = t.http().post(`${EVENTS}/${id}/registration`).set(user.auth);
    return body === undefined ? req : req.send(body);
  };
  const withQuestions = (questions: object[], overrides: Record<string, unknown> = {}) =>
    createEvent(t, owner, { questions, ...overrides });
  const messages = (res: { body: { errors?: { field: string; message: string }[] } }) =>
    (res.body.errors ?? []).map((error) => error.message);

  describe('questions on create and PATCH', () => {
    it('assigns each question a short id and answers the list in order with defaults filled', async () => {
      const event = await withQuestions([SIZE, DIET, VEGAN]);
      const questions = event.questions as Question[];
      expect(questions).toEqual([
        { id: expect.stringMatching(/^q[A-Za-z0-9_-]{8}$/), ...SIZE },
        {
          id: expect.stringMatching(/^q[A-Za-z0-9_-]{8}$/),
          ...DIET,
          required: false,
          options: null,
        },
        { id: expect.stringMatching(/^q[A-Za-z0-9_-]{8}$/), ...VEGAN, options: null },
      ]);
      expect(new Set(questions.map((question) => question.id)).size).toBe(3);
      expect(event.requiresApproval).toBe(false);
      const read = await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
      expect(read.body.questions).toEqual(questions);
    });

    it('defaults to no questions', async () => {
      expect((await createEvent(t, owner)).questions).toEqual([]);
    });

    it.each([
      [
        'more than 20 questions',
        Array.from({ length: 21 }, (_, i) => ({ ...DIET, label: `Q${i}` })),
        'questions',
      ],
      ['a blank label', [{ ...DIET, label: '   ' }], 'questions.0.label'],
      ['a label over 200 characters', [{ ...DIET, label: 'x'.repeat(201) }], 'questions.0.label'],
      ['a label with a line break', [{ ...DIET, label: 'a\nb' }], 'questions.0.label'],
      ['an unknown type', [{ ...DIET, type: 'number' }], 'questions.0.type'],
      [
        'a required flag that is not a boolean',
        [{ ...DIET, required: 'yes' }],
        'questions.0.required',
      ],
      ['a choice without options', [{ ...SIZE, options: undefined }], 'questions.0.options'],
      ['a choice with one option', [{ ...SIZE, options: ['S'] }], 'questions.0.options'],
      [
        'a choice with 21 options',
        [{ ...SIZE, options: Array.from({ length: 21 }, (_, i) => `o${i}`) }],
        'questions.0.options',
      ],
      ['repeated options', [{ ...SIZE, options: ['S', 'S'] }], 'questions.0.options'],
      ['an empty option', [{ ...SIZE, options: ['S', ''] }], 'questions.0.options'],
      [
        'an option over 100 characters',
        [{ ...SIZE, options: ['S', 'x'.repeat(101)] }],
        'questions.0.options',
      ],
      ['options on a text question', [{ ...DIET, options: ['a', 'b'] }], 'questions.0.options'],
      ['an id the event does not have', [{ ...DIET, id: 'qAAAAAAAA' }], 'questions.0.id'],
      ['a malformed id', [{ ...DIET, id: 'x' }], 'questions.0.id'],
      ['an unknown field', [{ ...DIET, hint: 'x' }], 'questions.0.hint'],
      ['a list that is not a list', { ...DIET }, 'questions'],
    ])('refuses %s with 400 on that field', async (_, questions, field) => {
      const res = await t
        .http()
        .post(EVENTS)
        .set(owner.auth)
        .send({
          name: 'Q',
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 90_000_000).toISOString(),
          questions,
        });
      expectValidation(res, [field]);
    });

    it('refuses requiresApproval that is not a boolean', async () => {
      const event = await createEvent(t, owner);
      expectValidation(await patch(event.id, { requiresApproval: 'yes' }), ['requiresApproval']);
    });

    it('PATCH replaces the whole list: kept by id, new ones get ids, missing ones go; a new version', async () => {
      const event = await withQuestions([SIZE, DIET]);
      const [size, diet] = event.questions as Question[];
      const res = await patch(event.id, {
        questions: [{ ...VEGAN }, { id: diet!.id, ...DIET, label: 'Allergies' }],
      }).expect(200);
      const questions = res.body.questions as Question[];
      expect(questions).toEqual([
        { id: expect.any(String), ...VEGAN, options: null },
        { id: diet!.id, ...DIET, label: 'Allergies', required: false, options: null },
      ]);
      expect(questions.map((question) => question.id)).not.toContain(size!.id);
      expect(res.body.version).toBe(2);
      expect(res.headers.etag).toBe('"2"');
    });

    it('refuses an id listed twice', async () => {
      const event = await withQuestions([DIET]);
      const [diet] = event.questions as Question[];
      const res = await patch(event.id, {
        questions: [
          { id: diet!.id, ...DIET },
          { id: diet!.id, ...DIET },
        ],
      });
      expectValidation(res, ['questions.1.id']);
    });

    it('the same list again changes nothing: same version and ETag', async () => {
      const event = await withQuestions([SIZE, DIET]);
      const res = await patch(event.id, { questions: event.questions }).expect(200);
      expect(res.body.version).toBe(1);
      expect(res.headers.etag).toBe('"1"');
    });

    it('PATCH with a stale If-Match is 412 and keeps the questions', async () => {
      const event = await withQuestions([DIET]);
      await patch(event.id, { name: 'moved' }).expect(200);
      const res = await t
        .http()
        .patch(`${EVENTS}/${event.id}`)
        .set(owner.auth)
        .set('If-Match', '"1"')
        .send({ questions: [] });
      expectProblem(res, 412, 'PRECONDITION_FAILED');
      const read = await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
      expect(read.body.questions).toEqual(event.questions);
    });

    it('switches requiresApproval by PATCH as a change of the event (a new version)', async () => {
      const event = await createEvent(t, owner);
      const res = await patch(event.id, { requiresApproval: true }).expect(200);
      expect(res.body).toMatchObject({ requiresApproval: true, version: 2 });
    });
  });

  describe('locked once anyone registered, waited or requested', () => {
    async function lockedEvent(overrides: Record<string, unknown> = {}) {
      const event = await withQuestions([SIZE, DIET], overrides);
      const user = await createUser(t);
      await register(event.id, user, {
        answers: [{ questionId: (event.questions as Question[])[0]!.id, value: 'M' }],
      }).expect(201);
      return { event, questions: event.questions as Question[] };
    }

    it('still lets the hosts append an optional question', async () => {
      const { event, questions } = await lockedEvent();
      const res = await patch(event.id, { questions: [...questions, DIET] }).expect(200);
      expect(res.body.questions).toHaveLength(3);
    });

    it.each([
      ['removing a question', (q: Question[]) => [q[0]]],
      ['reordering', (q: Question[]) => [q[1], q[0]]],
      ['relabelling', (q: Question[]) => [{ ...q[0], label: 'Size' }, q[1]]],
      ['making one optional', (q: Question[]) => [{ ...q[0], required: false }, q[1]]],
      ['changing options', (q: Question[]) => [{ ...q[0], options: ['S', 'M'] }, q[1]]],
      ['appending a required question', (q: Question[]) => [...q, VEGAN]],
      ['inserting before the kept ones', (q: Question[]) => [DIET, ...q]],
      ['removing them all', () => []],
    ])('refuses %s with 409 QUESTIONS_LOCKED and changes nothing', async (_, change) => {
      const { event, questions } = await lockedEvent();
      const res = await patch(event.id, { questions: change(questions) });
      expectProblem(res, 409, 'QUESTIONS_LOCKED');
      const read = await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth).expect(200);
      expect(read.body).toMatchObject({ questions, version: 1 });
    });

    it('locks them for a waiting-list place and for a pending request too', async () => {
      const full = await withQuestions([DIET], { capacity: 1 });
      await register(full.id, await createUser(t)).expect(201);
      await t
        .http()
        .post(`${EVENTS}/${full.id}/waitlist`)
        .set((await createUser(t)).auth)
        .expect(201);
      const approval = await withQuestions([DIET], { requiresApproval: true });
      await register(approval.id, await createUser(t)).expect(201);
      for (const event of [full, approval]) {
        expectProblem(await patch(event.id, { questions: [] }), 409, 'QUESTIONS_LOCKED');
      }
    });

    it('validates the body (400) before the lock (409)', async () => {
      const { event } = await lockedEvent();
      expectValidation(await patch(event.id, { questions: [{ ...DIET, type: 'x' }] }), [
        'questions.0.type',
      ]);
    });
  });

  describe('answers on registering and joining the waiting list', () => {
    let event: EventBody;
    let size: Question;
    let diet: Question;
    let vegan: Question;

    beforeAll(async () => {
      event = await withQuestions([SIZE, DIET, VEGAN]);
      [size, diet, vegan] = event.questions as Question[] as [Question, Question, Question];
    });

    const valid = () => [
      { questionId: size.id, value: 'M' },
      { questionId: vegan.id, value: false },
    ];

    it('stores valid answers (text trimmed) and shows them to the hosts in question order', async () => {
      const user = await createUser(t);
      await register(event.id, user, {
        answers: [
          { questionId: vegan.id, value: true },
          { questionId: diet.id, value: '  no nuts  ' },
          { questionId: size.id, value: 'L' },
        ],
      }).expect(201);
      const list = await t
        .http()
        .get(`${EVENTS}/${event.id}/attendees`)
        .set(owner.auth)
        .expect(200);
      const row = (list.body.items as { id: number; answers: unknown }[]).find(
        (item) => item.id === user.id,
      );
      expect(row?.answers).toEqual([
        { questionId: size.id, value: 'L' },
        { questionId: diet.id, value: 'no nuts' },
        { questionId: vegan.id, value: true },
      ]);
    });

    it('takes an optional question left out, or answered with an empty text, as unanswered', async () => {
      const user = await createUser(t);
      await register(event.id, user, {
        answers: [...valid(), { questionId: diet.id, value: '   ' }],
      }).expect(201);
      const list = await t.http().get(`${EVENTS}/${event.id}/attendees`).set(owner.auth);
      const row = (list.body.items as { id: number; answers: unknown[] }[]).find(
        (item) => item.id === user.id,
      );
      expect(row?.answers).toEqual(valid());
    });

    it('answers 400 on field `answers` naming each question, and registers nobody', async () => {
      const user = await createUser(t);
      const res = await register(event.id, user, {
        answers: [{ questionId: diet.id, value: 'x' }],
      });
      expectValidation(res, ['answers']);
      expect(messages(res)).toEqual([
        `question "T-shirt size" (${size.id}) is required`,
        `question "Vegan?" (${vegan.id}) is required`,
      ]);
      const read = await t.http().get(`${EVENTS}/${event.id}`).set(user.auth).expect(200);
      expect(read.body.registrationStatus).toBeNull();
    });

    it('refuses a body without answers when a question is required', async () => {
      const res = await register(event.id, await createUser(t));
      expectValidation(res, ['answers']);
    });

    it.each([
      [
        'a choice not among the options',
        (v: object[]) => [{ ...v[0], value: 'XL' }, v[1]],
        'takes one of: S, M, L',
      ],
      [
        'a choice that is not a string',
        (v: object[]) => [{ ...v[0], value: 2 }, v[1]],
        'takes one of',
      ],
      [
        'a boolean as a string',
        (v: object[]) => [v[0], { ...v[1], value: 'false' }],
        'takes true or false',
      ],
      [
        'a text that is not a string',
        (v: object[]) => [...v, { questionId: '<diet>', value: 5 }],
        'takes a text',
      ],
      [
        'a text over 1000 characters',
        (v: object[]) => [...v, { questionId: '<diet>', value: 'x'.repeat(1001) }],
        'shorter than or equal to 1000',
      ],
      [
        'a text with a NUL',
        (v: object[]) => [...v, { questionId: '<diet>', value: 'a\u0000b' }],
        'NUL',
      ],
      [
        'an unknown question',
        (v: object[]) => [...v, { questionId: 'qZZZZZZZZ', value: 'x' }],
        'no question "qZZZZZZZZ"',
      ],
      ['a repeated question', (v: object[]) => [...v, v[0]], 'answered twice'],
      [
        'an answer without a value',
        (v: object[]) => [...v, { questionId: '<diet>' }],
        'answers.2 must be',
      ],
      [
        'an answer with an extra field',
        (v: object[]) => [...v, { questionId: '<diet>', value: 'x', note: 1 }],
        'answers.2 must be',
      ],
    ])('refuses %s', async (_, change, message) => {
      const answers = JSON.parse(
        JSON.stringify(change(valid())).replaceAll('<diet>', diet.id),
      ) as object[];
      const res = await register(event.id, await createUser(t), { answers });
      expectValidation(res, ['answers']);
      expect(messages(res).join(' | ')).toContain(message);
    });

    it('refuses answers that are not a list, and unknown body fields', async () => {
      expectValidation(await register(event.id, await createUser(t), { answers: {} }), ['answers']);
      expectValidation(
        await register(event.id, await createUser(t), { answers: valid(), seat: 3 }),
        ['seat'],
      );
    });

    it('checks the body before the event state: 400 before 409 on a full event', async () => {
      const full = await withQuestions([SIZE], { capacity: 1 });
      const sizeId = (full.questions as Question[])[0]!.id;
      await register(full.id, await createUser(t), {
        answers: [{ questionId: sizeId, value: 'S' }],
      }).expect(201);
      expectValidation(await register(full.id, await createUser(t), {}), ['answers']);
    });

    it('asks the same of the waiting list, and keeps the answers through a promotion', async () => {
      const full = await withQuestions([SIZE], { capacity: 1 });
      const sizeId = (full.questions as Question[])[0]!.id;
      const first = await createUser(t);
      await register(full.id, first, { answers: [{ questionId: sizeId, value: 'S' }] }).expect(201);
      const waiting = await createUser(t);
      const join = (body: object) =>
        t.http().post(`${EVENTS}/${full.id}/waitlist`).set(waiting.auth).send(body);
      expectValidation(await join({ answers: [] }), ['answers']);
      expectValidation(await join({ answers: [{ questionId: sizeId, value: 'XXL' }] }), [
        'answers',
      ]);
      await join({ answers: [{ questionId: sizeId, value: 'L' }] }).expect(201);
      await t.http().delete(`${EVENTS}/${full.id}/registration`).set(first.auth).expect(204);
      const list = await t.http().get(`${EVENTS}/${full.id}/attendees`).set(owner.auth);
      expect(list.body.items).toEqual([
        expect.objectContaining({
          id: waiting.id,
          status: 'attending',
          answers: [{ questionId: sizeId, value: 'L' }],
        }),
      ]);
    });

    it('still takes an empty body, or none, on an event without required questions', async () => {
      const plain = await createEvent(t, owner);
      await register(plain.id, await createUser(t)).expect(201);
      await register(plain.id, await createUser(t), {}).expect(201);
      await register(plain.id, await createUser(t), { answers: [] }).expect(201);
    });
  });

  describe('answers are personal data', () => {
    const SECRET = 'allergic-to-peanuts-7f3a';

    it('never appear in the event list, the detail, the registration answer or a calendar', async () => {
      const event = await withQuestions([DIET]);
      const diet = (event.questions as Question[])[0]!;
      const user = await createUser(t);
      const registered = await register(event.id, user, {
        answers: [{ questionId: diet.id, value: SECRET }],
      }).expect(201);
      const reads = [
        registered,
        await t.http().get(EVENTS).set(user.auth).query({ attendee: 'me' }),
        await t.http().get(EVENTS).set(owner.auth).query({ owner: 'me', limit: 100 }),
        await t.http().get(`${EVENTS}/${event.id}`).set(user.auth),
        await t.http().get(`${EVENTS}/${event.id}`).set(owner.auth),
        await t.http().get(`${EVENTS}/${event.id}/calendar`).set(user.auth),
      ];
      const feed = await t.http().post('/api/v1/users/me/calendar-feed').set(user.auth).expect(201);
      reads.push(await t.http().get(new URL(feed.body.url as string).pathname));
      for (const res of reads) {
        expect(res.status).toBeLessThan(300);
        expect(res.text).not.toContain(SECRET);
      }
      // …but the hosts' attendee list has them.
      const list = await t.http().get(`${EVENTS}/${event.id}/attendees`).set(owner.auth);
      expect(list.text).toContain(SECRET);
    });
  });

  describe('CSV export with question columns', () => {
    it('adds checkedInAt and a column per question headed by its label, guarded, read back by a CSV parser', async () => {
      const hostile = [
        { label: '=HYPERLINK("http://evil","x")', type: 'text' },
        { label: '+cmd|calc', type: 'choice', options: ['-1+1', '@SUM(A1)', 'plain, "quoted"'] },
        { label: 'Line\tTab', type: 'boolean' },
        { label: 'Unanswered', type: 'text' },
      ];
      const event = await withQuestions(hostile);
      const [text, choice, flag] = event.questions as Question[];
      const user = await createUser(t);
      await register(event.id, user, {
        answers: [
          { questionId: text!.id, value: '=1+1\r\nsecond line, "quoted"' },
          { questionId: choice!.id, value: '-1+1' },
          { questionId: flag!.id, value: true },
        ],
      }).expect(201);
      const other = await createUser(t);
      await register(event.id, other, {
        answers: [{ questionId: choice!.id, value: 'plain, "quoted"' }],
      }).expect(201);
      const res = await t
        .http()
        .get(`${EVENTS}/${event.id}/attendees?format=csv`)
        .set(owner.auth)
        .expect(200);
      const rows: string[][] = parse(res.text, { relax_column_count: false });
      expect(rows[0]).toEqual([
        'id',
        'username',
        'email',
        'firstName',
        'lastName',
        'status',
        'registeredAt',
        'checkedInAt',
        `'=HYPERLINK("http://evil","x")`,
        "'+cmd|calc",
        'Line\tTab',
        'Unanswered',
      ]);
      expect(rows).toHaveLength(3);
      expect(rows[1]!.slice(0, 2)).toEqual([String(user.id), user.username]);
      expect(rows[1]!.slice(7)).toEqual([
        '',
        `'=1+1\r\nsecond line, "quoted"`,
        "'-1+1",
        'true',
        '',
      ]);
      expect(rows[2]!.slice(7)).toEqual(['', '', 'plain, "quoted"', '', '']);
    });

    it('filters the CSV by status too', async () => {
      const event = await createEvent(t, owner, { capacity: 1 });
      await register(event.id, await createUser(t)).expect(201);
      const waiting = await createUser(t);
      await t.http().post(`${EVENTS}/${event.id}/waitlist`).set(waiting.auth).expect(201);
      const res = await t
        .http()
        .get(`${EVENTS}/${event.id}/attendees?format=csv&status=waitlisted`)
        .set(owner.auth)
        .expect(200);
      const rows: Record<string, string>[] = parse(res.text, { columns: true });
      expect(rows.map((row) => [row.id, row.status])).toEqual([[String(waiting.id), 'waitlisted']]);
    });
  });
});
