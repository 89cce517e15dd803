import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { parseStoredAnswers } from '../questions/answers';
import { Question } from '../questions/questions';
import { attendeesCsv } from './attendee-csv';
import {
  AttendeePage,
  AttendeeRow,
  AttendeesRepository,
  STATUS_ORDER,
} from './attendees.repository';
import { AttendeeDto, AttendeePageDto, AttendeeStatus } from './dto/attendee-response.dto';
import { apiStatus } from './event-row';
import type { RegistrationStatus } from './registrations.repository';

/** Rows per query of the CSV export: few round trips, little held at a time. */
export const EXPORT_PAGE_SIZE = 1_000;

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A stored row as the API shows it: `waiting` is `waitlisted`, times are ISO strings. */
export function toAttendee(row: AttendeeRow): AttendeeDto {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    status: apiStatus(row.status),
    registeredAt: new Date(row.registeredAt).toISOString(),
    answers: parseStoredAnswers(row.answers),
    checkedInAt: isoOrNull(row.checkedInAt),
  };
}

/** The stored status of a status the API names. */
const storedStatus = (status: AttendeeStatus): RegistrationStatus =>
  status === 'waitlisted' ? 'waiting' : status;

/** The attendee list of an event for its hosts: as one JSON document, or as a CSV stream. */
@Injectable()
export class AttendeesService {
  private readonly logger = new Logger(AttendeesService.name);

  constructor(private readonly repository: AttendeesRepository) {}

  /**
   * Reads every row in one query: a JSON document is serialised whole before it is sent anyway,
   * and one query sees one consistent state (CSV, meant for very long lists, pages instead).
   */
  async list(eventId: number, status?: AttendeeStatus): Promise<AttendeePageDto> {
    const only = status === undefined ? undefined : storedStatus(status);
    const items = (await this.repository.all(eventId, only)).map(toAttendee);
    return { items, total: items.length };
  }

  /**
   * Reads the first rows before answering, so that a database failure up to then is still a 500
   * problem document; the rest is read page by page as the client takes the CSV. Each page is its
   * own statement: someone who registers, leaves or is promoted during a long export appears as
   * their row was when its page was read (a person promoted while the waiting list is being
   * written can be missing from it).
   */
  async csv(eventId: number, questions: Question[], status?: AttendeeStatus): Promise<Readable> {
    const statuses = status === undefined ? STATUS_ORDER : [storedStatus(status)];
    const first = await this.firstRows(eventId, statuses);
    return attendeesCsv(this.rowsFrom(eventId, first, statuses), questions, (error) =>
      this.exportAborted(eventId, error),
    );
  }

  /** A client that hangs up is routine; anything else is a failure to look into. */
  private exportAborted(eventId: number, error: Error & { code?: string }): void {
    if (error.code === 'ERR_STREAM_PREMATURE_CLOSE') {
      this.logger.debug(`CSV export of event ${eventId}: the client went away`);
    } else {
      this.logger.error(`CSV export of event ${eventId} aborted: ${error.message}`, error.stack);
    }
  }

  /** The first page with rows, if any (skipping the statuses that have none). */
  private async firstRows(
    eventId: number,
    statuses: readonly RegistrationStatus[],
  ): Promise<AttendeePage> {
    let page = await this.repository.page(
      eventId,
      { status: statuses[0]!, afterId: 0 },
      EXPORT_PAGE_SIZE,
      statuses,
    );
    while (page.rows.length === 0 && page.next) {
      page = await this.repository.page(eventId, page.next, EXPORT_PAGE_SIZE, statuses);
    }
    return page;
  }

  private async *rowsFrom(
    eventId: number,
    page: AttendeePage,
    statuses: readonly RegistrationStatus[],
  ): AsyncGenerator<AttendeeDto> {
    for (;;) {
      for (const row of page.rows) yield toAttendee(row);
      if (!page.next) return;
      page = await this.repository.page(eventId, page.next, EXPORT_PAGE_SIZE, statuses);
    }
  }
}
