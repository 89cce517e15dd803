import type { Response } from 'supertest';
import type {
  EventDetailResponseDto,
  EventResponseDto,
} from '../src/events/dto/event-response.dto';
import { EventEntity, searchColumns } from '../src/events/entities/event.entity';
import { Registration } from '../src/events/entities/registration.entity';
import { User } from '../src/users/entities/user.entity';
import { TestApp } from './app.factory';
import { createUser, TestUser, uniqueName } from './factories';

export const EVENTS = '/api/v1/events';
export const SECOND = 1_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The contract's output form: UTC, millisecond precision. */
export const UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export type EventBody = EventResponseDto;
export type EventDetailBody = EventDetailResponseDto;

/** An ISO timestamp `ms` milliseconds from now (negative: in the past). */
export function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/** Creates an event through the API (so every rule applies) with unique, valid defaults. */
export async function createEvent(
  t: TestApp,
  owner: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<EventBody> {
  const body = {
    name: uniqueName('event'),
    startsAt: isoIn(DAY),
    endsAt: isoIn(DAY + 2 * HOUR),
    ...overrides,
  };
  const res = await t.http().post(EVENTS).set(owner.auth).send(body);
  if (res.status !== 201) {
    throw new Error(`createEvent answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body as EventBody;
}

export interface InsertEventFields {
  name?: string;
  description?: string | null;
  location?: string | null;
  startsAt: Date | number;
  endsAt: Date | number;
  capacity?: number | null;
  createdAt?: Date | number;
  cancelledAt?: Date | number;
}

const toDate = (value: Date | number) => (value instanceof Date ? value : new Date(value));

/**
 * Writes an event straight into the database, bypassing the API's "startsAt in the future" rule:
 * the only way to get ongoing and past events. Epoch numbers are absolute times.
 */
export async function insertEvent(
  t: TestApp,
  owner: { id: number },
  fields: InsertEventFields,
): Promise<number> {
  const name = fields.name ?? uniqueName('event');
  const description = fields.description ?? null;
  const createdAt = toDate(fields.createdAt ?? Date.now());
  const result = await t.dataSource.getRepository(EventEntity).insert({
    ownerId: owner.id,
    name,
    description,
    location: fields.location ?? null,
    ...searchColumns(name, description),
    startsAt: toDate(fields.startsAt),
    endsAt: toDate(fields.endsAt),
    capacity: fields.capacity ?? null,
    attendeeCount: 0,
    cancelledAt: fields.cancelledAt === undefined ? null : toDate(fields.cancelledAt),
    createdAt,
    updatedAt: createdAt,
  });
  return Number((result.identifiers[0] as { id: number }).id);
}

/** A registration written straight into the database (e.g. for an event that already started). */
export async function insertRegistration(
  t: TestApp,
  eventId: number,
  userId: number,
): Promise<void> {
  await t.dataSource.transaction(async (m) => {
    await m.getRepository(Registration).insert({ eventId, userId, createdAt: new Date() });
    await m.getRepository(EventEntity).increment({ id: eventId }, 'attendeeCount', 1);
  });
}

/** A place on the waiting list written straight into the database (the event should be full). */
export async function insertWaiting(t: TestApp, eventId: number, userId: number): Promise<void> {
  await t.dataSource.transaction(async (m) => {
    await m
      .getRepository(Registration)
      .insert({ eventId, userId, status: 'waiting', createdAt: new Date() });
    await m.getRepository(EventEntity).increment({ id: eventId }, 'waitlistCount', 1);
  });
}

/** Admins exist only through the seed script or a CLI, never the API: flip the flag directly. */
export async function makeAdmin(t: TestApp, user: TestUser): Promise<TestUser> {
  await t.dataSource.getRepository(User).update({ id: user.id }, { isAdmin: true });
  return user;
}

type Tuple<N extends number, T, R extends T[] = []> = R['length'] extends N
  ? R
  : Tuple<N, T, [...R, T]>;

/** `count` fresh users, typed as a tuple so destructuring needs no non-null assertions. */
export async function createUsers<N extends number>(
  t: TestApp,
  count: N,
): Promise<Tuple<N, TestUser>> {
  const users = await Promise.all(Array.from({ length: count }, () => createUser(t)));
  return users as Tuple<N, TestUser>;
}

/** The event row as stored, for "nothing changed" assertions that bypass the API. */
export async function storedEvent(t: TestApp, id: number): Promise<EventEntity | null> {
  return t.dataSource.getRepository(EventEntity).findOneBy({ id });
}

export function countEvents(t: TestApp): Promise<number> {
  return t.dataSource.getRepository(EventEntity).count();
}

export function countRegistrations(t: TestApp, eventId: number): Promise<number> {
  return t.dataSource.getRepository(Registration).countBy({ eventId });
}

/** Asserts an RFC 9457 problem document with the contract's status and code. */
export function expectProblem(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: (res.body as { code?: unknown }).code }).toEqual({
    status,
    code,
  });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
}

/** The fields named by a 400's `errors` list. */
export function errorFields(res: Response): string[] {
  const errors = (res.body as { errors?: { field: string }[] }).errors ?? [];
  return errors.map((error) => error.field);
}

/** Asserts a 400 VALIDATION_FAILED that names exactly these fields. */
export function expectValidation(res: Response, fields: string[]): void {
  expectProblem(res, 400, 'VALIDATION_FAILED');
  expect([...new Set(errorFields(res))].sort()).toEqual([...fields].sort());
}

/** A copy of `body` without `key`. */
export function without(body: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([name]) => name !== key));
}

/** The items of a list response. */
export function items(res: Response): EventBody[] {
  return (res.body as { items: EventBody[] }).items;
}

/** The ids of a list response, in order. */
export function ids(res: Response): number[] {
  return (res.body as { items: { id: number }[] }).items.map((item) => item.id);
}
