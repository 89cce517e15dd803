import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { attendeesCsv } from './attendee-csv';
import { AttendeePage, AttendeeRow, AttendeesRepository, FIRST_PAGE } from './attendees.repository';
import { AttendeeDto, AttendeePageDto } from './dto/attendee-response.dto';

/** Rows per query of the CSV export: few round trips, little held at a time. */
export const EXPORT_PAGE_SIZE = 1_000;

/** A stored row as the API shows it: `waiting` is `waitlisted`, times are ISO strings. */
export function toAttendee(row: AttendeeRow): AttendeeDto {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    status: row.status === 'attending' ? 'attending' : 'waitlisted',
    registeredAt: new Date(row.registeredAt).toISOString(),
  };
}

/** The attendee list of an event for its owner: as one JSON document, or as a CSV stream. */
@Injectable()
export class AttendeesService {
  private readonly logger = new Logger(AttendeesService.name);

  constructor(private readonly repository: AttendeesRepository) {}

  /**
   * Reads every row in one query: a JSON document is serialised whole before it is sent anyway,
   * and one query sees one consistent state (CSV, meant for very long lists, pages instead).
   */
  async list(eventId: number): Promise<AttendeePageDto> {
    const items = (await this.repository.all(eventId)).map(toAttendee);
    return { items, total: items.length };
  }

  /**
   * Reads the first rows before answering, so that a database failure up to then is still a 500
   * problem document; the rest is read page by page as the client takes the CSV. Each page is its
   * own statement: someone who registers, leaves or is promoted during a long export appears as
   * their row was when its page was read (a person promoted while the waiting list is being
   * written can be missing from it).
   */
  async csv(eventId: number): Promise<Readable> {
    const first = await this.firstRows(eventId);
    return attendeesCsv(this.rowsFrom(eventId, first), (error) =>
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

  /** The first page with rows, if any: without attendees, that of the waiting list. */
  private async firstRows(eventId: number): Promise<AttendeePage> {
    const page = await this.repository.page(eventId, FIRST_PAGE, EXPORT_PAGE_SIZE);
    if (page.rows.length > 0 || !page.next) return page;
    return this.repository.page(eventId, page.next, EXPORT_PAGE_SIZE);
  }

  private async *rowsFrom(eventId: number, page: AttendeePage): AsyncGenerator<AttendeeDto> {
    for (;;) {
      for (const row of page.rows) yield toAttendee(row);
      if (!page.next) return;
      page = await this.repository.page(eventId, page.next, EXPORT_PAGE_SIZE);
    }
  }
}
