import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../database/errors';

export type RegisterOutcome = 'registered' | 'not_found' | 'started' | 'already' | 'full';
export type UnregisterOutcome = 'unregistered' | 'not_found' | 'started' | 'not_registered';

/** Rows changed by an UPDATE or DELETE inside a TypeORM transaction. */
async function affected(m: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  const result = await m.queryRunner!.query(sql, parameters, true);
  return result.affected ?? 0;
}

/** Rolls a transaction back from inside with an outcome. */
class Abort extends Error {
  constructor(readonly outcome: RegisterOutcome) {
    super(outcome);
  }
}

/**
 * The capacity rule, atomically. Registering is one transaction: a conditional UPDATE that bumps
 * `attendee_count` only while the event has not started and has a spot, then the INSERT of the
 * unique (event, user) row; either fails and nothing is written. Nothing is read in JavaScript
 * and then written, so racing requests can never overbook.
 *
 * SQLite runs it as a synchronous better-sqlite3 transaction (nothing awaited inside, so no other
 * request can interleave; TypeORM's shared SQLite query runner would nest concurrent transactions
 * as savepoints of one another). PostgreSQL runs it in a real transaction whose conditional UPDATE
 * row-locks the event.
 */
@Injectable()
export class RegistrationsRepository {
  private sqliteTransactions?: {
    register: (eventId: number, userId: number, now: number) => RegisterOutcome;
    unregister: (eventId: number, userId: number, now: number) => UnregisterOutcome;
  };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  register(eventId: number, userId: number, now: number): Promise<RegisterOutcome> {
    return this.isSqlite()
      ? Promise.resolve(this.sqlite().register(eventId, userId, now))
      : this.registerPostgres(eventId, userId, now);
  }

  unregister(eventId: number, userId: number, now: number): Promise<UnregisterOutcome> {
    return this.isSqlite()
      ? Promise.resolve(this.sqlite().unregister(eventId, userId, now))
      : this.unregisterPostgres(eventId, userId, now);
  }

  private isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  private sqlite() {
    this.sqliteTransactions ??= this.prepareSqlite();
    return this.sqliteTransactions;
  }

  private prepareSqlite() {
    const db = (this.dataSource.driver as unknown as { databaseConnection: Database })
      .databaseConnection;
    const event = db.prepare('SELECT starts_at FROM events WHERE id = ?');
    const bump = db.prepare(
      'UPDATE events SET attendee_count = attendee_count + 1 ' +
        'WHERE id = ? AND starts_at > ? AND (capacity IS NULL OR attendee_count < capacity)',
    );
    const insert = db.prepare(
      'INSERT INTO registrations (event_id, user_id, created_at) VALUES (?, ?, ?)',
    );
    const exists = db.prepare('SELECT 1 FROM registrations WHERE event_id = ? AND user_id = ?');
    const remove = db.prepare('DELETE FROM registrations WHERE event_id = ? AND user_id = ?');
    const drop = db.prepare('UPDATE events SET attendee_count = attendee_count - 1 WHERE id = ?');

    const register = db.transaction((eventId: number, userId: number, now: number) => {
      const row = event.get(eventId) as { starts_at: number } | undefined;
      if (!row) return 'not_found';
      if (row.starts_at <= now) return 'started';
      if (bump.run(eventId, now).changes !== 1) {
        return exists.get(eventId, userId) ? 'already' : 'full';
      }
      try {
        insert.run(eventId, userId, now);
      } catch (error) {
        if (isUniqueViolation(error)) throw new Abort('already'); // rolls the bump back
        throw error;
      }
      return 'registered';
    });
    const unregister = db.transaction((eventId: number, userId: number, now: number) => {
      const row = event.get(eventId) as { starts_at: number } | undefined;
      if (!row) return 'not_found';
      if (row.starts_at <= now) return 'started';
      if (remove.run(eventId, userId).changes !== 1) return 'not_registered';
      drop.run(eventId);
      return 'unregistered';
    });
    return {
      register: (eventId: number, userId: number, now: number): RegisterOutcome => {
        try {
          // IMMEDIATE takes the write lock up front: no upgrade deadlock with another process.
          return register.immediate(eventId, userId, now);
        } catch (error) {
          if (error instanceof Abort) return error.outcome;
          throw error;
        }
      },
      unregister: (eventId: number, userId: number, now: number) =>
        unregister.immediate(eventId, userId, now),
    };
  }

  private async registerPostgres(
    eventId: number,
    userId: number,
    now: number,
  ): Promise<RegisterOutcome> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const bumped = await affected(
          m,
          'UPDATE events SET attendee_count = attendee_count + 1 ' +
            'WHERE id = $1 AND starts_at > $2 AND (capacity IS NULL OR attendee_count < capacity)',
          [eventId, now],
        );
        if (bumped !== 1) return this.whyNotBumped(m, eventId, userId, now);
        try {
          await m.query(
            'INSERT INTO registrations (event_id, user_id, created_at) VALUES ($1, $2, $3)',
            [eventId, userId, now],
          );
        } catch (error) {
          if (isUniqueViolation(error)) throw new Abort('already');
          throw error;
        }
        return 'registered';
      });
    } catch (error) {
      if (error instanceof Abort) return error.outcome;
      throw error;
    }
  }

  private async whyNotBumped(
    m: EntityManager,
    eventId: number,
    userId: number,
    now: number,
  ): Promise<RegisterOutcome> {
    const [event] = await m.query<{ starts_at: string }[]>(
      'SELECT starts_at FROM events WHERE id = $1',
      [eventId],
    );
    if (!event) return 'not_found';
    if (Number(event.starts_at) <= now) return 'started';
    const [existing] = await m.query<unknown[]>(
      'SELECT 1 FROM registrations WHERE event_id = $1 AND user_id = $2',
      [eventId, userId],
    );
    return existing ? 'already' : 'full';
  }

  private unregisterPostgres(
    eventId: number,
    userId: number,
    now: number,
  ): Promise<UnregisterOutcome> {
    return this.dataSource.transaction(async (m) => {
      const [event] = await m.query<{ starts_at: string }[]>(
        'SELECT starts_at FROM events WHERE id = $1 FOR UPDATE',
        [eventId],
      );
      if (!event) return 'not_found';
      if (Number(event.starts_at) <= now) return 'started';
      const removed = await affected(
        m,
        'DELETE FROM registrations WHERE event_id = $1 AND user_id = $2',
        [eventId, userId],
      );
      if (removed !== 1) return 'not_registered';
      await m.query('UPDATE events SET attendee_count = attendee_count - 1 WHERE id = $1', [
        eventId,
      ]);
      return 'unregistered';
    });
  }
}
