import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { Database, Queries } from '../database/database';
import { EventChanges, timesOf } from '../events/event-changes';
import { checkTimes } from '../events/event-patch';
import { parseQuestions, resolveQuestions, serializeQuestions } from '../questions/questions';
import { toEventResponse } from '../events/event-row';
import { Metrics } from '../metrics/metrics.service';
import { CreateSeriesDto } from './dto/create-series.dto';
import { SeriesResponseDto } from './dto/series-response.dto';
import { UpdateSeriesDto } from './dto/update-series.dto';
import { expandOccurrences } from './recurrence/expand-occurrences';
import { parseRecurrence } from './recurrence/recurrence-rule';
import { SeriesNotFoundError } from './series.errors';
import { SeriesRepository } from './series.repository';
import { DEFAULT_TIME_ZONE } from '../events/event-attributes';
import { eventMessage, storedEventMessage } from '../events/event-messages';
import { Outbox } from '../outbox/outbox';

/**
 * Recurring series: a rule expanded into ordinary events (the occurrences), and the changes that
 * apply to all upcoming, not cancelled occurrences at once, each in one transaction. Access is
 * decided before (SeriesAccessGuard); every occurrence change goes through `EventChanges`, the
 * path a single event's change takes.
 */
@Injectable()
export class SeriesService {
  constructor(
    private readonly db: Database,
    private readonly series: SeriesRepository,
    private readonly changes: EventChanges,
    private readonly metrics: Metrics,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Validates the whole series (times, rule, caps) before anything is written, then writes the
   * series and every occurrence in one transaction.
   */
  async create(dto: CreateSeriesDto, caller: AuthUser, now: number): Promise<SeriesResponseDto> {
    const first = timesOf(dto);
    checkTimes(first.startsAt, first.endsAt, true, now);
    const rule = parseRecurrence(dto.recurrence);
    const timeZone = dto.timeZone ?? DEFAULT_TIME_ZONE;
    const starts = expandOccurrences(rule, first.startsAt, timeZone);
    const length = first.endsAt - first.startsAt;
    return this.db.transaction(async (tx) => {
      const id = await this.series.insert(tx, {
        ownerId: caller.id,
        recurrence: rule.canonical,
        timeZone,
        createdAt: now,
      });
      const fields = { ...dto, timeZone, published: true };
      // One question list for all occurrences: the same question has the same id in each.
      const questions = serializeQuestions(resolveQuestions([], dto.questions ?? []));
      await this.series.insertOccurrences(
        tx,
        starts.map((startsAt) => ({
          ...this.changes.columns(fields, { startsAt, endsAt: startsAt + length }, caller.id, now),
          questions,
          seriesId: id,
        })),
      );
      const created = await this.get(id, caller, now, tx);
      await this.outbox.recordAll(
        tx,
        created.occurrences.map((event) => eventMessage('event.created', event, now)),
      );
      return created;
    });
  }

  /** The series with every occurrence as the caller sees it; 404 `SERIES_NOT_FOUND`. */
  async get(
    id: number,
    caller: AuthUser,
    now: number,
    db: Queries = this.db,
  ): Promise<SeriesResponseDto> {
    const series = await this.series.find(id, db);
    if (!series) throw new SeriesNotFoundError();
    const rows = await this.series.occurrences(id, caller, db);
    return {
      id: series.id,
      recurrence: series.recurrence,
      timeZone: series.timeZone,
      occurrences: rows.map((row) => toEventResponse(row, caller, now)),
      createdAt: new Date(series.createdAt).toISOString(),
    };
  }

  /** Reads the series and its occurrences on one snapshot, so they agree. */
  read(id: number, caller: AuthUser, now: number): Promise<SeriesResponseDto> {
    return this.db.snapshot((tx) => this.get(id, caller, now, tx));
  }

  /**
   * Applies the patch to every upcoming, not cancelled occurrence, as a PATCH of each would
   * (each one that changes is a new version; a raised capacity promotes from its waiting list),
   * all or nothing: one occurrence whose attendees exceed the new capacity (409) leaves every
   * occurrence as it was.
   */
  async update(
    id: number,
    dto: UpdateSeriesDto,
    caller: AuthUser,
    now: number,
  ): Promise<SeriesResponseDto> {
    const { promoted, response } = await this.db.transaction(async (tx) => {
      let promoted = 0;
      const upcoming = await this.series.lockUpcoming(tx, id, now);
      // New questions get their ids once, so every occurrence shares them.
      const questions =
        dto.questions === undefined || upcoming[0] === undefined
          ? undefined
          : resolveQuestions(parseQuestions(upcoming[0].questions), dto.questions);
      for (const event of upcoming) {
        promoted += await this.changes.patch(tx, event, dto, now, questions);
      }
      return { promoted, response: await this.get(id, caller, now, tx) };
    });
    if (promoted > 0) this.metrics.promoted(promoted);
    return response;
  }

  /**
   * Cancels every upcoming, not cancelled occurrence as a cancellation of each would (kept
   * registrations, emptied waiting lists, a new version each). Ongoing and past occurrences stay
   * as they are; with none upcoming it changes nothing and still answers 200.
   */
  async cancel(
    id: number,
    reason: string | null,
    caller: AuthUser,
    now: number,
  ): Promise<SeriesResponseDto> {
    const { cancelled, response } = await this.db.transaction(async (tx) => {
      const upcoming = await this.series.lockUpcoming(tx, id, now);
      for (const event of upcoming) await this.changes.cancel(tx, event, reason, now);
      return { cancelled: upcoming.length, response: await this.get(id, caller, now, tx) };
    });
    this.metrics.cancelled(cancelled);
    return response;
  }

  /** Deletes the series and all its occurrences, whatever their state; each is told as deleted. */
  remove(id: number, now: number): Promise<void> {
    return this.db.transaction(async (tx) => {
      const deleted = await this.series.delete(tx, id);
      await this.outbox.recordAll(
        tx,
        deleted.map(({ event, registered }) =>
          storedEventMessage('event.deleted', event, now, undefined, { removed: registered }),
        ),
      );
    });
  }
}
