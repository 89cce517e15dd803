import fc from 'fast-check';
import { TestApp } from './app.factory';
import { DAY, EVENTS, HOUR, ids } from './event-factories';
import { TestUser } from './factories';
import { EventEntity, foldCase, searchColumns } from '../src/events/entities/event.entity';
import { EVENT_CATEGORIES, EventCategory } from '../src/events/event-attributes';

/**
 * The generated events the search specs compare the list with: 2,500 names and descriptions of
 * hostile pieces, plus a rare word (`Axolotl`, 4 events) and a common one (`Wanderer`, a quarter
 * of them). The expected answers are computed in JavaScript from the texts written.
 */

/** Pieces that trip pattern syntax, quoting, case folding and multi-byte text. */
const PIECES = [
  'a', 'b', 'ab', 'Ab', 'jazz', 'JaZz', 'night', ' ', ' ', '%', '_', '\\', '"', "'", "''",
  '%_', '\\%', 'a_b', '50%', 'é', 'É', 'e\u0301', 'İ', 'i̇', 'ß', 'SS', 'Σ', 'ς', 'σ', '😀',
  '日本', '語', 'ﬁ', '(', ')', '*', 'NEAR', 'AND', 'OR', '-', ':', '^', '{', '}', '[',
]; // prettier-ignore
export const EVENT_COUNT = 2_500;

export const HOSTILE = [
  '%', '_', '\\', '%%', '_%', '\\%', '\\\\', '"', "'", "''", '""', '" OR "', 'a', 'ab', 'é',
  'É', 'ß', '😀', '😀😀', 'jazz', 'JAZZ', 'jaz', 'azz', 'a_b', '50%', 'e\u0301', 'İ', 'ΣΑΣ',
  '日本語', 'ﬁ', 'NEAR(a b)', 'a AND b', 'a OR b', '-a', 'a*', '^a', '{a}', 'a:b', '%_\\',
  'no such text anywhere',
]; // prettier-ignore

export interface Written {
  id: number;
  text: string;
  category: EventCategory;
  startsAt: number;
}

/** Texts of 1…max pieces; fast-check's generators with a fixed seed: the same on every run. */
export const text = (minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...PIECES), { minLength, maxLength }).map((parts) => parts.join(''));
export const sample = <T>(arbitrary: fc.Arbitrary<T>, count: number) =>
  fc.sample(arbitrary, { seed: 14, numRuns: count });

/** Writes the events (owned by `owner`, half past, half upcoming) and answers what it wrote. */
export async function writeSearchEvents(
  t: TestApp,
  owner: TestUser,
  now: number,
): Promise<Written[]> {
  const written: Written[] = [];
  const events = t.dataSource.getRepository(EventEntity);
  const generated = sample(
    fc.record({
      name: text(1, 12),
      description: fc.option(text(0, 30), { freq: 4 }),
      category: fc.constantFrom(...EVENT_CATEGORIES),
    }),
    EVENT_COUNT,
  );
  for (let chunk = 0; chunk < EVENT_COUNT / 500; chunk += 1) {
    const rows = generated.slice(chunk * 500, chunk * 500 + 500).map((event, i) => {
      const k = chunk * 500 + i;
      // A rare word (4 events) and a common one (a quarter of them), for both search plans.
      const rare = k % 800 === 7 ? ' Axolotl' : '';
      const common = k % 4 === 0 ? ' Wanderer' : '';
      const name = (event.name.trim() || `event ${k}`) + rare + common;
      const { description, category } = event;
      const startsAt = now + (k % 2 ? 1 : -1) * (DAY + k * 60_000);
      return {
        ownerId: owner.id,
        name,
        description,
        location: null,
        ...searchColumns(name, description),
        startsAt: new Date(startsAt),
        endsAt: new Date(startsAt + HOUR),
        capacity: null,
        attendeeCount: 0,
        category,
        cancelledAt: null,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      };
    });
    const result = await events.insert(rows);
    result.identifiers.forEach((identifier, i) => {
      const row = rows[i]!;
      written.push({
        id: Number((identifier as { id: number }).id),
        text: row.searchText,
        category: row.category,
        startsAt: row.startsAt.getTime(),
      });
    });
  }
  return written;
}

/** The scan: folded text contains the folded query, in list order (startsAt, then id). */
export const scanOf =
  (written: readonly Written[]) =>
  (q: string, keep: (event: Written) => boolean = () => true) =>
    written
      .filter((event) => keep(event) && event.text.includes(foldCase(q)))
      .sort((a, b) => a.startsAt - b.startsAt || a.id - b.id)
      .map((event) => event.id);

/**
 * The ids the list answers for `owner` (`owner=me` and the query), page after page by cursor:
 * every page, or the first `pages`.
 */
export async function walk(
  t: TestApp,
  owner: TestUser,
  query: Record<string, string | number>,
  pages = Infinity,
): Promise<{ ids: number[]; total: number }> {
  const seen: number[] = [];
  let cursor: string | null = null;
  let total = 0;
  for (let page = 0; page < pages && (page === 0 || cursor); page += 1) {
    const res = await t
      .http()
      .get(EVENTS)
      .query({ owner: 'me', limit: 100, ...query, ...(cursor ? { cursor } : {}) })
      .set(owner.auth)
      .expect(200);
    total = res.body.total as number;
    seen.push(...ids(res));
    cursor = res.body.nextCursor as string | null;
  }
  return { ids: seen, total };
}
