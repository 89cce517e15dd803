import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AuthUser } from '../auth/auth-user';
import { PasswordHasher } from '../auth/password-hasher';
import { Clock } from '../common/clock';
import {
  AlreadyRegisteredError,
  AlreadyWaitlistedError,
  EventCancelledError,
} from '../events/events.errors';
import { EventList } from '../events/event-list';
import { EventsService } from '../events/events.service';
import { RegistrationsService } from '../events/registrations.service';
import { UsersService } from '../users/users.service';
import { DAY, EVENTS, HOUR, USERS } from './seed-data';

async function seedUsers(
  app: INestApplicationContext,
  now: number,
): Promise<Map<string, AuthUser>> {
  const users = app.get(UsersService);
  const hasher = app.get(PasswordHasher);
  const seeded = new Map<string, AuthUser>();
  for (const demo of USERS) {
    let user = await users.findByUsername(demo.username);
    if (!user) {
      user = await users.create({
        username: demo.username,
        email: demo.email,
        passwordHash: await hasher.hash(demo.password),
        firstName: 'firstName' in demo ? demo.firstName : null,
        isAdmin: 'isAdmin' in demo,
        createdAt: now,
      });
      console.log(`user ${demo.username} created`);
    }
    const { id, username, isAdmin } = user;
    seeded.set(demo.username, { id, username, isAdmin, sessionId: 'seed' });
  }
  return seeded;
}

/** An earlier run already did it (registered, joined the line, cancelled): nothing to do. */
function doneBefore(error: unknown): void {
  const done = [AlreadyRegisteredError, AlreadyWaitlistedError, EventCancelledError];
  if (!done.some((kind) => error instanceof kind)) throw error;
}

/**
 * Events through the services, with every rule of the API. Past and ongoing events are created
 * (and registered to) at an instant before they start, as they would have been.
 */
async function seedEvents(
  app: INestApplicationContext,
  users: Map<string, AuthUser>,
  now: number,
): Promise<void> {
  const events = app.get(EventsService);
  const eventList = app.get(EventList);
  const registrations = app.get(RegistrationsService);
  for (const demo of EVENTS) {
    const owner = users.get(demo.owner)!;
    const startsAt = now + demo.start;
    const before = Math.min(now, startsAt - DAY);
    const existing = await eventList.list(
      { owner: String(owner.id), q: demo.name, limit: 100 },
      owner,
      now,
    );
    let event = existing.items.find((item) => item.name === demo.name);
    if (!event) {
      event = await events.create(
        {
          name: demo.name,
          description: `${demo.name}, a demo event.`,
          location: demo.location,
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + demo.hours * HOUR).toISOString(),
          capacity: demo.capacity,
          category: demo.category,
          timeZone: demo.timeZone,
        },
        owner,
        before,
      );
      console.log(`event "${demo.name}" created`);
    }
    for (const username of demo.attendees) {
      await registrations.register(event.id, users.get(username)!, before).catch(doneBefore);
    }
    for (const username of 'waitlist' in demo ? demo.waitlist : []) {
      await registrations.joinWaitlist(event.id, users.get(username)!, before).catch(doneBefore);
    }
    if ('cancelled' in demo) {
      await events.cancel(event.id, demo.cancelled, undefined, owner, now).catch(doneBefore);
    }
  }
}

/** `npm run seed`: idempotent demo data (running it twice neither fails nor duplicates). */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(), { logger: false });
  try {
    const now = app.get(Clock).now();
    const users = await seedUsers(app, now);
    await seedEvents(app, users, now);
    console.log('Seed complete: users admin / 123456 (admin), foobar and johndoe / 12345678!');
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
