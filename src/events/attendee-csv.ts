import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { EMAIL_MAX_LENGTH, USERNAME_MAX_LENGTH } from '../common/openapi/schema';
import type { AttendeeDto } from './dto/attendee-response.dto';

/** The columns of the CSV export, in order: its header line and every record. */
export const CSV_COLUMNS = [
  'id',
  'username',
  'email',
  'firstName',
  'lastName',
  'status',
  'registeredAt',
] as const satisfies readonly (keyof AttendeeDto)[];

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** The download's file name, as `Content-Disposition` gives it. */
export function csvDisposition(eventId: number): string {
  return `attachment; filename="event-${eventId}-attendees.csv"`;
}

// What a spreadsheet takes as the start of a formula (or, tab and CR, of a cell it reinterprets).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as text a spreadsheet shows instead of running: people choose their own names, so
 * `=HYPERLINK(…)` or `@SUM(…)` in an export would otherwise be a formula in the owner's
 * spreadsheet (CSV injection, OWASP). A leading `'` makes Excel, LibreOffice and Sheets read the
 * cell as text.
 */
export function guardFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function csvRecord(attendee: AttendeeDto): string[] {
  return CSV_COLUMNS.map((column) => guardFormula(String(attendee[column] ?? '')));
}

async function* csvRecords(attendees: AsyncIterable<AttendeeDto>): AsyncGenerator<string[]> {
  for await (const attendee of attendees) yield csvRecord(attendee);
}

/**
 * The attendees as an RFC 4180 CSV stream (header line, quoting, CRLF), produced as the client
 * reads it: `attendees` is pulled only when the socket has taken what came before, so however
 * long the list, what is held is a page of rows and the streams' buffers. An error while it flows
 * (the database, or the client going away) can no longer become a problem document: the stream
 * is destroyed, which aborts the response, and `onError` hears of it.
 */
export function attendeesCsv(
  attendees: AsyncIterable<AttendeeDto>,
  onError: (error: Error) => void,
): Readable {
  const csv = stringify({
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    // Quote a cell holding a lone LF or CR too (with `record_delimiter` set, only CRLF would be).
    quote_record_delimiter: true,
  });
  pipeline(Readable.from(csvRecords(attendees)), csv, (error) => {
    if (error) onError(error);
  });
  return csv;
}

// Every cell at its limit, behind the guard's `'`, each character a doubled quote, quoted.
const CELL_LIMITS = [10, USERNAME_MAX_LENGTH, EMAIL_MAX_LENGTH, 100, 100, 10, 24];
const RECORD_MAX_LENGTH =
  CELL_LIMITS.reduce((sum, limit) => sum + 2 * (limit + 1) + 2, 0) + CELL_LIMITS.length - 1 + 2;

/** A bound on the export's length (one record per user id, the header shorter than one), for OpenAPI. */
export const CSV_MAX_LENGTH = RECORD_MAX_LENGTH * 2_147_483_648;
