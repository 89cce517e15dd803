import { DataSource } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { readProcessEnv } from '../config/env.schema';
import { EventEntity, searchColumns } from '../events/entities/event.entity';
import { Registration } from '../events/entities/registration.entity';
import { identityKey, User } from '../users/entities/user.entity';
import { createDataSource } from './data-source';
import { isUniqueViolation } from './errors';

/** The contract's demo accounts. The API never creates admins; only this script does. */
const USERS = [
  { username: 'admin', password: '123456', email: 'admin@example.com', isAdmin: true },
  { username: 'foobar', password: '12345678!', email: 'foobar@example.com', firstName: 'Foo' },
  { username: 'johndoe', password: '12345678!', email: 'john@example.com', firstName: 'John' },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Relative to now, so every run has past, ongoing and upcoming events. */
const EVENTS = [
  {
    owner: 'foobar',
    name: 'Rust meetup',
    location: 'Berlin',
    start: 3 * DAY,
    hours: 3,
    capacity: 50,
    attendees: ['johndoe', 'admin'],
  },
  {
    owner: 'foobar',
    name: 'Board game night',
    location: 'Café Kosmos',
    start: 10 * DAY,
    hours: 4,
    capacity: 2,
    attendees: ['johndoe', 'admin'],
  },
  {
    owner: 'johndoe',
    name: 'Morning run',
    location: 'Tiergarten',
    start: 1 * DAY,
    hours: 1,
    capacity: null,
    attendees: ['foobar'],
  },
  {
    owner: 'johndoe',
    name: 'TypeScript workshop',
    location: 'Online',
    start: -1 * HOUR,
    hours: 3,
    capacity: 20,
    attendees: ['foobar'],
  },
  {
    owner: 'foobar',
    name: 'Summer barbecue',
    location: 'Tempelhofer Feld',
    start: -30 * DAY,
    hours: 5,
    capacity: 30,
    attendees: ['johndoe'],
  },
  {
    owner: 'admin',
    name: 'Community town hall',
    location: 'Town hall',
    start: 20 * DAY,
    hours: 2,
    capacity: 100,
    attendees: [],
  },
] as const;

async function seedUsers(dataSource: DataSource): Promise<Map<string, number>> {
  const users = dataSource.getRepository(User);
  const hasher = new PasswordHasher();
  const ids = new Map<string, number>();
  for (const demo of USERS) {
    let user = await users.findOneBy({ usernameKey: identityKey(demo.username) });
    if (!user) {
      user = await users.save(
        users.create({
          username: demo.username,
          usernameKey: identityKey(demo.username),
          email: demo.email,
          emailKey: identityKey(demo.email),
          passwordHash: await hasher.hash(demo.password),
          firstName: 'firstName' in demo ? demo.firstName : null,
          lastName: null,
          isAdmin: 'isAdmin' in demo,
          createdAt: new Date(),
        }),
      );
      console.log(`user ${demo.username} created`);
    }
    ids.set(demo.username, user.id);
  }
  return ids;
}

async function seedEvents(dataSource: DataSource, userIds: Map<string, number>): Promise<void> {
  const events = dataSource.getRepository(EventEntity);
  const registrations = dataSource.getRepository(Registration);
  const now = Date.now();
  for (const demo of EVENTS) {
    const ownerId = userIds.get(demo.owner)!;
    let event = await events.findOneBy({ ownerId, name: demo.name });
    if (!event) {
      const description = `${demo.name}, a demo event.`;
      event = await events.save(
        events.create({
          ownerId,
          name: demo.name,
          description,
          location: demo.location,
          ...searchColumns(demo.name, description),
          startsAt: new Date(now + demo.start),
          endsAt: new Date(now + demo.start + demo.hours * HOUR),
          capacity: demo.capacity,
          attendeeCount: 0,
          createdAt: new Date(now),
          updatedAt: new Date(now),
        }),
      );
      console.log(`event "${demo.name}" created`);
    }
    for (const username of demo.attendees) {
      try {
        await registrations.insert({
          eventId: event.id,
          userId: userIds.get(username)!,
          createdAt: new Date(),
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // already registered by an earlier run
      }
    }
    await dataSource.query(
      'UPDATE events SET attendee_count = (SELECT COUNT(*) FROM registrations r WHERE r.event_id = events.id) WHERE id = ' +
        Number(event.id),
    );
  }
}

/** `npm run seed`: idempotent demo data (running it twice neither fails nor duplicates). */
async function main(): Promise<void> {
  const dataSource = createDataSource(readProcessEnv());
  await dataSource.initialize();
  try {
    const userIds = await seedUsers(dataSource);
    await seedEvents(dataSource, userIds);
    console.log('Seed complete: users admin / 123456 (admin), foobar and johndoe / 12345678!');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
