import { createTestApp, TestApp } from './app.factory';
import { createEvent, createUsers, EventBody, EventDetailBody } from './event-factories';
import { createUser, TestUser } from './factories';
import { spotCalls } from './waitlist-support';

// Hundreds of concurrent requests per test: seconds on a busy 2-core CI machine.
jest.setTimeout(60_000);

/**
 * Every answer describes one moment: an event's detail never shows counters from one state and
 * lists from another, and a change answers with the state it left, not with what a request that
 * committed after it did. (A black-box probe saw both on PostgreSQL, where the reads of a detail
 * and the read after a change ran outside one snapshot.)
 */
describe('answers are one consistent snapshot', () => {
  let t: TestApp;
  let owner: TestUser;
  let users: TestUser[];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t);
    users = await createUsers(t, 30);
  });
  afterAll(() => t.close());

  /** Counters agree with the lists of the same answer, and the line is in order. */
  function selfConsistent(detail: EventDetailBody): string | undefined {
    if (detail.attendeeCount !== detail.attendees.length) {
      return `attendeeCount ${detail.attendeeCount} with ${detail.attendees.length} attendees`;
    }
    if (detail.waitlistCount !== detail.waitlist.length) {
      return `waitlistCount ${detail.waitlistCount} with ${detail.waitlist.length} waiting`;
    }
    if (detail.capacity !== null && detail.waitlistCount > 0) {
      if (detail.attendeeCount !== detail.capacity) return 'people wait while a spot is free';
    }
    return undefined;
  }

  it('an event detail polled while 30 users register, join and leave never contradicts itself', async () => {
    const calls = spotCalls(t);
    const event = await createEvent(t, owner, { capacity: 5 });
    let churning = true;
    // Each user in turn takes a spot or a place in line, then gives it back: every change moves
    // the counters and the lists together, and promotes the head of the line.
    const churn = async (user: TestUser) => {
      while (churning) {
        const registered = await calls.register(event.id, user);
        if (registered.status === 201) await calls.unregister(event.id, user).expect(204);
        else if ((await calls.join(event.id, user)).status === 201) {
          await calls.leave(event.id, user); // 204, or 409 if promoted meanwhile
          await calls.unregister(event.id, user); // 204 if promoted, else 409
        }
      }
    };
    const workers = users.map((user) => churn(user));
    const problems: string[] = [];
    let polls = 0;
    try {
      for (let round = 0; round < 150; round += 1) {
        const answers = await Promise.all(
          [0, 1, 2].map(async () => await calls.detail(event.id, owner)),
        );
        polls += answers.length;
        for (const answer of answers) {
          const problem = selfConsistent(answer);
          if (problem) problems.push(problem);
        }
      }
    } finally {
      churning = false;
      await Promise.all(workers);
    }
    expect(polls).toBe(450);
    expect(problems).toEqual([]);
  });

  it('joining the line while an unregistration promotes the joiner answers what the join did', async () => {
    const calls = spotCalls(t);
    const wrong: EventBody[] = [];
    for (let round = 0; round < 60; round += 1) {
      const [holder, joiner] = [users[round % 15]!, users[15 + (round % 15)]!];
      const event = await createEvent(t, owner, { capacity: 1 });
      await calls.register(event.id, holder).expect(201);
      const [joined] = await Promise.all([
        calls.join(event.id, joiner),
        calls.unregister(event.id, holder),
      ]);
      if (joined.status !== 201) {
        // The spot freed first: a join must then say EVENT_NOT_FULL (register instead).
        expect(joined.status).toBe(409);
        continue;
      }
      const body = joined.body as EventBody;
      // The join put the caller in line; a promotion after it is the unregistration's outcome.
      if (!(body.isWaitlisted && !body.isAttending && body.waitlistPosition === 1))
        wrong.push(body);
    }
    expect(wrong).toEqual([]);
  });
});
