import { Database, TextIndex, TextPlan } from '../database/database';
import { sql } from '../database/sql';

/**
 * Which way a page of `q` is cheaper to read. Walking the sort order reads about
 * `depth × rows / matches` rows before the page is full (every row tested against the matches);
 * starting from the index reads all `matches` rows and sorts them. So the walk wins when
 * `matches² > depth × rows`: the index is asked for its matches up to that point and no further,
 * which costs little for a common text (it stops early) and for a rare one (it has few).
 * `depth` is the rows the page needs in sort order: offset + limit + 1, or limit + 1 after a
 * cursor. Without an index for the text (one or two characters) the text is scanned anyway.
 */
export async function chooseTextPlan(
  db: Database,
  index: TextIndex,
  text: string,
  depth: number,
): Promise<TextPlan> {
  // The highest id stands in for the row count: one index lookup, not a count.
  const highest = await db.one<{ size: number | null }>(
    sql`SELECT MAX(${index.id}) AS size FROM ${index.table}`,
  );
  const rows = Number(highest?.size ?? 0);
  const enough = Math.ceil(Math.sqrt(depth * rows));
  const matches = await db.countTextMatches(index, text, enough + 1);
  return matches !== undefined && matches > enough ? 'sort-first' : 'index-first';
}
