import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { EMAIL_MAX_LENGTH, USERNAME_MAX_LENGTH } from '../common/openapi/schema';
import type { AttendeeDto } from './dto/attendee-response.dto';
import { MAX_QUESTIONS, MAX_TEXT_ANSWER, Question } from '../questions/questions';

/**
 * The fixed columns of the CSV export, in order; after them one column per question, in question
 * order, headed by its label.
 */
export const CSV_COLUMNS = [
  'id',
  'username',
  'email',
  'firstName',
  'lastName',
  'status',
  'registeredAt',
  'checkedInAt',
] as const satisfies readonly (keyof AttendeeDto)[];

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** The download's file name, as `Content-Disposition` gives it. */
export function csvDisposition(eventId: number): string {
  return `attachment; filename="event-${eventId}-attendees.csv"`;
}

// A tab or CR first: a cell a spreadsheet reinterprets (the contract's list, kept as it was).
const CONTROL_START = /^[\t\r]/;
// What a reader does not see before the first visible character: white space, control and format
// characters (ZWSP, ZWJ, ZWNJ, BOM, word joiner, bidi marks…) and other default-ignorables.
// Spreadsheets skip some of them, so `\u200B=1` or ` =1` can still start a formula.
const INVISIBLE_START = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*/u;
// Formula triggers, compared after NFKC: the full-width `＝＋－＠` and the small `﹦﹢﹣﹫` are
// these too, and some spreadsheets (and IME users' input) treat them as the ASCII ones.
const FORMULA_CHARS = new Set(['=', '+', '-', '@']);

/**
 * A cell as text a spreadsheet shows instead of running: people choose their own names, so
 * `=HYPERLINK(…)` or `@SUM(…)` in an export would otherwise be a formula in the owner's
 * spreadsheet (CSV injection, OWASP). A leading `'` makes Excel, LibreOffice and Sheets read the
 * cell as text. It is added when the first visible character is a formula trigger in any width.
 */
export function guardFormula(cell: string): string {
  if (CONTROL_START.test(cell)) return `'${cell}`;
  const visible = cell.slice(INVISIBLE_START.exec(cell)?.[0].length ?? 0);
  const first = visible.codePointAt(0);
  if (first === undefined) return cell;
  return FORMULA_CHARS.has(String.fromCodePoint(first).normalize('NFKC')) ? `'${cell}` : cell;
}

/** A record: the fixed cells, then each question's answer (an empty cell when unanswered). */
function csvRecord(attendee: AttendeeDto, questions: Question[]): string[] {
  const answers = new Map(attendee.answers.map((answer) => [answer.questionId, answer.value]));
  return [
    ...CSV_COLUMNS.map((column) => String(attendee[column] ?? '')),
    ...questions.map((question) => String(answers.get(question.id) ?? '')),
  ].map(guardFormula);
}

async function* csvRecords(
  attendees: AsyncIterable<AttendeeDto>,
  questions: Question[],
): AsyncGenerator<string[]> {
  // The header is a record like any other: labels are the hosts' text, guarded like answers.
  yield [...CSV_COLUMNS, ...questions.map((question) => question.label)].map(guardFormula);
  for await (const attendee of attendees) yield csvRecord(attendee, questions);
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
  questions: Question[],
  onError: (error: Error) => void,
): Readable {
  const csv = stringify({
    record_delimiter: 'windows',
    // Quote a cell holding a lone LF or CR too (with `record_delimiter` set, only CRLF would be).
    quote_record_delimiter: true,
  });
  pipeline(Readable.from(csvRecords(attendees, questions)), csv, (error) => {
    if (error) onError(error);
  });
  return csv;
}

// Every cell at its limit, behind the guard's `'`, each character a doubled quote, quoted.
const CELL_LIMITS = [
  ...[10, USERNAME_MAX_LENGTH, EMAIL_MAX_LENGTH, 100, 100, 10, 24, 24],
  ...Array<number>(MAX_QUESTIONS).fill(MAX_TEXT_ANSWER),
];
const RECORD_MAX_LENGTH =
  CELL_LIMITS.reduce((sum, limit) => sum + 2 * (limit + 1) + 2, 0) + CELL_LIMITS.length - 1 + 2;

/** A bound on the export's length (one record per user id, the header shorter than one), for OpenAPI. */
export const CSV_MAX_LENGTH = RECORD_MAX_LENGTH * 2_147_483_648;
