import { EntityManager, EntityTarget, Like, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { EventEntity } from '../../src/events/entities/event.entity';
import { Registration } from '../../src/events/entities/registration.entity';
import { User } from '../../src/users/entities/user.entity';
import type { TestApp } from '../app.factory';
import { DAY, HOUR, insertEvent } from '../event-factories';
import { TestUser, uniqueName } from '../factories';

/**
 * One multi-row INSERT, without reading the generated columns back (TypeORM would select the
 * rows again, one condition per row: deeper than SQLite allows for a thousand).
 */
async function insertRows<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
): Promise<void> {
  await m.createQueryBuilder().insert().into(entity).values(rows).updateEntity(false).execute();
}

/** Unsaved users `<prefix>_<from>` to `<prefix>_<to - 1>`, each with a first and a last name. */
function bulkUsers(prefix: string, from: number, to: number, createdAt: Date) {
  return Array.from({ length: to - from }, (_, k) => {
    const username = `${prefix}_${from + k}`;
    const email = `${username}@example.com`;
    return {
      username,
      usernameKey: username.toLowerCase(),
      email,
      emailKey: email.toLowerCase(),
      passwordHash: 'not-a-hash',
      firstName: `First ${from + k}`,
      lastName: `Last ${from + k}`,
      createdAt,
    };
  });
}

const BULK = 1_000;

/**
 * `count` people registered for one new event of `owner`, written in one transaction, a thousand
 * rows per statement (seconds, where the API would take minutes): users `<prefix>_<i>`,
 * registered in the order of `i`.
 */
export async function seedAttendees(t: TestApp, owner: TestUser, count: number) {
  const startsAt = Date.now() + DAY;
  const eventId = await insertEvent(t, owner, { startsAt, endsAt: startsAt + HOUR });
  const prefix = uniqueName('bulk');
  const createdAt = new Date();
  await t.dataSource.transaction(async (m) => {
    for (let from = 0; from < count; from += BULK) {
      await insertRows(m, User, bulkUsers(prefix, from, Math.min(from + BULK, count), createdAt));
    }
    const ids = await m.getRepository(User).find({
      select: { id: true },
      where: { username: Like(`${prefix}_%`) },
      order: { id: 'ASC' },
    });
    for (let from = 0; from < ids.length; from += BULK) {
      const page = ids.slice(from, from + BULK);
      await insertRows(
        m,
        Registration,
        page.map(({ id }) => ({ eventId, userId: id, createdAt })),
      );
    }
    await m.getRepository(EventEntity).update({ id: eventId }, { attendeeCount: ids.length });
  });
  return { eventId, prefix };
}
