import type { SeriesResponseDto } from '../src/series/dto/series-response.dto';
import { TestApp } from './app.factory';
import { TestUser, uniqueName } from './factories';
import { TestClock } from './support/test-clock';

export const SERIES = '/api/v1/series';
export type SeriesBody = SeriesResponseDto;

/**
 * A clock at 2026-12-01T00:00Z, so the 2027 dates of the DST cases lie in the future whatever
 * day the suite runs on.
 */
export function clockAtDecember2026(): TestClock {
  const clock = new TestClock();
  clock.advance(Date.parse('2026-12-01T00:00:00Z') - clock.now());
  return clock;
}

/** A series body with unique, valid defaults: weekly, three occurrences from 2027-01-05 18:00Z. */
export function seriesBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: uniqueName('series'),
    startsAt: '2027-01-05T18:00:00Z',
    endsAt: '2027-01-05T20:00:00Z',
    recurrence: 'FREQ=WEEKLY;COUNT=3',
    ...overrides,
  };
}

export async function createSeries(
  t: TestApp,
  owner: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<SeriesBody> {
  const res = await t.http().post(SERIES).set(owner.auth).send(seriesBody(overrides));
  if (res.status !== 201) {
    throw new Error(`createSeries answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body as SeriesBody;
}

/** Rows in `series` and `events`, for "nothing was written" assertions. */
export async function storedCounts(t: TestApp): Promise<{ series: number; events: number }> {
  type Count = { n: number | string }[];
  const [series] = await t.dataSource.query<Count>('SELECT COUNT(*) AS n FROM series');
  const [events] = await t.dataSource.query<Count>('SELECT COUNT(*) AS n FROM events');
  return { series: Number(series!.n), events: Number(events!.n) };
}

export const startsOf = (series: SeriesBody) => series.occurrences.map((o) => o.startsAt);
