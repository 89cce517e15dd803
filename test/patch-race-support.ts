import type { Response } from 'supertest';
import { TestApp } from './app.factory';
import { createEvent, DAY, EVENTS, EventBody, HOUR } from './event-factories';
import { TestUser } from './factories';

export const ROUNDS = 20;

/** PATCHes of disjoint fields: each must persist, whatever the others do meanwhile. */
const DISJOINT = (round: number): Record<string, unknown>[] => [
  { name: `renamed ${round}` },
  { description: `described ${round}` },
  { location: `located ${round}` },
  { capacity: 100 + round },
  { category: 'workshop' },
  { timeZone: 'Europe/Berlin' },
];

/**
 * Concurrent PATCHes of one event, spread round-robin over `apps` (instances sharing one
 * database), answering the race's findings for the spec to assert.
 */
export function patchRaces(apps: TestApp[], owner: TestUser) {
  let next = 0;
  const app = () => apps[next++ % apps.length]!;
  const patch = (
    id: number,
    body: Record<string, unknown>,
    ifMatch?: string,
  ): Promise<Response> => {
    const req = app().http().patch(`${EVENTS}/${id}`).set(owner.auth);
    return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
  };
  const read = async (id: number) =>
    (await app().http().get(`${EVENTS}/${id}`).set(owner.auth).expect(200)).body as EventBody;

  return {
    /** Every round: all disjoint PATCHes answer 200 and every one of their fields is stored. */
    async disjointFields(ifMatch?: '*'): Promise<void> {
      for (let round = 0; round < ROUNDS; round += 1) {
        const event = await createEvent(apps[0]!, owner, { capacity: 10 });
        const bodies = DISJOINT(round);
        const answers = await Promise.all(bodies.map((body) => patch(event.id, body, ifMatch)));
        expect(answers.map((res) => res.status)).toEqual(bodies.map(() => 200));
        const stored = await read(event.id);
        expect({ round, ...stored }).toMatchObject({ round, ...Object.assign({}, ...bodies) });
        expect(stored.version).toBe(1 + bodies.length);
      }
    },

    /**
     * Every round: `startsAt` moved later and `endsAt` moved earlier, each valid alone against the
     * stored event, together not: one wins, the other is a 400 judged against the winner's row.
     */
    async startAndEnd(): Promise<void> {
      for (let round = 0; round < ROUNDS; round += 1) {
        const start = Date.now() + DAY;
        const event = await createEvent(apps[0]!, owner, {
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 4 * HOUR).toISOString(),
        });
        const later = new Date(start + 3 * HOUR).toISOString();
        const earlier = new Date(start + 2 * HOUR).toISOString();
        const [moved, cut] = await Promise.all([
          patch(event.id, { startsAt: later }),
          patch(event.id, { endsAt: earlier }),
        ]);
        expect([moved.status, cut.status].sort()).toEqual([200, 400]);
        const stored = await read(event.id);
        expect(Date.parse(stored.endsAt)).toBeGreaterThan(Date.parse(stored.startsAt));
        expect(stored).toMatchObject(
          moved.status === 200 ? { startsAt: later } : { endsAt: earlier },
        );
      }
    },

    /** Every round: PATCHes of the same fields; one wins whole, never a mix of two. */
    async sameFields(ifMatch: 'etag' | undefined): Promise<void> {
      for (let round = 0; round < ROUNDS; round += 1) {
        const event = await createEvent(apps[0]!, owner);
        const bodies = ['A', 'B', 'C'].map((tag) => ({
          name: `${tag} ${round}`,
          description: `${tag} described`,
          location: `${tag} located`,
        }));
        const etag = ifMatch === 'etag' ? `"${event.version}"` : undefined;
        const answers = await Promise.all(bodies.map((body) => patch(event.id, body, etag)));
        const statuses = answers.map((res) => res.status).sort();
        // With the ETag all three raced for version 1: one wins, the others are stale (412).
        expect(statuses).toEqual(ifMatch === 'etag' ? [200, 412, 412] : [200, 200, 200]);
        const stored = await read(event.id);
        const tag = stored.name.slice(0, 1);
        expect(stored).toMatchObject(bodies.find((body) => body.name.startsWith(tag))!);
        if (ifMatch === 'etag') {
          const winner = answers.find((res) => res.status === 200)!;
          expect((winner.body as EventBody).name).toBe(stored.name);
        }
      }
    },
  };
}
