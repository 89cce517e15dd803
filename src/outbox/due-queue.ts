import { Database, Queries } from '../database/database';
import { join, raw, Sql, sql } from '../database/sql';

/** An attempt's outcome to store: the row and its columns as the attempt left them. */
export interface Outcome {
  id: number;
  /** `column = value, …` (the lease is ended beside them) */
  set: Sql;
}

/**
 * The claim side of a table of deliveries (`webhook_deliveries`, `mails`): rows `pending` until
 * done, each with `attempts`, `next_attempt_at` and a lease `locked_until`. One rule for both
 * channels: an attempt is claimed with one UPDATE that counts it and leases the row (`SKIP
 * LOCKED` keeps instances from claiming the same rows; a crashed instance's lease runs out and
 * the row is tried again).
 */
export class DueQueue<Row> {
  private readonly table: Sql;

  constructor(
    private readonly db: Database,
    table: 'webhook_deliveries' | 'mails',
    /** the row's columns as `Row` names them */
    private readonly columns: Sql,
    /** how long an instance may hold a claimed row: more than an attempt may take */
    private readonly leaseMs: number,
  ) {
    this.table = raw(table);
  }

  /** When the next pending row is due (epoch ms), or undefined when none is pending. */
  async nextDue(): Promise<number | undefined> {
    const row = await this.db.one<{ due: number | null }>(
      sql`SELECT MIN(next_attempt_at) AS due FROM ${this.table} WHERE status = 'pending'`,
    );
    return row?.due ?? undefined;
  }

  /** Claims up to `limit` due rows for one attempt each. */
  claimDue(now: number, limit: number): Promise<Row[]> {
    return this.db.all<Row>(
      sql`UPDATE ${this.table} SET attempts = attempts + 1, locked_until = ${now + this.leaseMs}
          WHERE id IN (SELECT id FROM ${this.table}
            WHERE status = 'pending' AND next_attempt_at <= ${now}
              AND (locked_until IS NULL OR locked_until <= ${now})
            ORDER BY next_attempt_at ASC, id ASC LIMIT ${limit}${this.db.skipLocked})
          RETURNING ${this.columns}`,
    );
  }

  /** How many rows wait for an attempt (the metrics' gauge). */
  async countPending(): Promise<number> {
    const row = await this.db.one<{ count: number }>(
      sql`SELECT COUNT(*) AS count FROM ${this.table} WHERE status = 'pending'`,
    );
    return row?.count ?? 0;
  }

  /**
   * Stores a batch's outcomes and ends their leases: one UPDATE per distinct outcome (a batch
   * usually has one: every attempt succeeded), all in one transaction, instead of a statement
   * (and on SQLite a commit) per row.
   */
  async finish(outcomes: readonly Outcome[]): Promise<void> {
    const alike = new Map<string, { set: Sql; ids: number[] }>();
    for (const { id, set } of outcomes) {
      const key = JSON.stringify([set.strings, set.values]);
      const group = alike.get(key) ?? { set, ids: [] };
      group.ids.push(id);
      alike.set(key, group);
    }
    const update = (tx: Queries, { set, ids }: { set: Sql; ids: number[] }) =>
      tx.run(
        sql`UPDATE ${this.table} SET ${set}, locked_until = NULL
            WHERE id IN (${join(
              ids.map((id) => sql`${id}`),
              ', ',
            )})`,
      );
    const [only, ...more] = alike.values();
    if (!only) return;
    if (more.length === 0) await update(this.db, only);
    else {
      await this.db.transaction(async (tx) => {
        for (const group of [only, ...more]) await update(tx, group);
      });
    }
  }

  /**
   * One batch: when a row is due, claims up to `limit` and runs `attempt` on all of them at once
   * (idle, it writes nothing). Answers the claimed rows; a full batch means more may wait.
   * `busy` (the previous batch was full): rows are most likely due, so the claim goes first,
   * without the read that keeps an idle loop from writing.
   */
  async attemptDue(
    now: number,
    limit: number,
    attempt: (rows: Row[]) => Promise<void>,
    busy = false,
  ): Promise<Row[]> {
    if (!busy) {
      const next = await this.nextDue();
      if (next === undefined || next > now) return [];
    }
    const due = await this.claimDue(now, limit);
    if (due.length > 0) await attempt(due);
    return due;
  }
}
