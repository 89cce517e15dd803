import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { attendeesCsv, CSV_COLUMNS, guardFormula } from './attendee-csv';
import type { AttendeeDto } from './dto/attendee-response.dto';

describe('guardFormula', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=', '-'])(
    'prefixes %j with a quote, so a spreadsheet shows it as text',
    (cell) => expect(guardFormula(cell)).toBe(`'${cell}`),
  );

  it.each([
    '\uFF1D1+1', // full-width =
    '\uFF0B1',
    '\uFF0D1',
    '\uFF20SUM(A1)',
    '\uFE66 small equals',
    '\u200B=1', // zero-width space
    '\u200C+1', // ZWNJ
    '\u200D-1', // ZWJ
    '\uFEFF@x', // BOM
    '\u2060=1', // word joiner
    '\u202E=1', // right-to-left override (Cf)
    '\u00AD=1', // soft hyphen (Cf)
    ' =1',
    '\u00A0\u3000+1', // no-break and ideographic spaces
    '\n=1',
    '\u200B \uFEFF\uFF1D1',
  ])('prefixes %j, whose first visible character starts a formula', (cell) =>
    expect(guardFormula(cell)).toBe(`'${cell}`),
  );

  it.each([
    '',
    'Ada',
    '1=1',
    'a-b',
    "'=1",
    'x\t',
    '17',
    '2026-11-23T10:00:00.000Z',
    '\u200B',
    ' Ada',
    '\u200BAda',
    '\uFF21da',
  ])('leaves %j as it is', (cell) => expect(guardFormula(cell)).toBe(cell));
});

describe('attendeesCsv', () => {
  const attendee = (overrides: Partial<AttendeeDto> = {}): AttendeeDto => ({
    id: 5,
    username: 'johndoe',
    email: 'john@example.com',
    firstName: 'John',
    lastName: 'Doe',
    status: 'attending',
    registeredAt: '2026-11-23T10:00:00.000Z',
    answers: [],
    checkedInAt: null,
    ...overrides,
  });
  const parsed = (overrides: Record<string, string> = {}) => {
    const cells: Record<string, unknown> = { ...attendee() };
    delete cells.answers;
    return { ...cells, id: '5', checkedInAt: '', ...overrides };
  };

  const rows = (...attendees: AttendeeDto[]): AsyncIterable<AttendeeDto> =>
    Readable.from(attendees);

  it('writes a header, RFC 4180 quoting and CRLF line ends, with every cell guarded', async () => {
    const csv = await text(
      attendeesCsv(
        rows(
          attendee(),
          attendee({ firstName: '=HYPERLINK("x")', lastName: 'Smith, Jr.', status: 'waitlisted' }),
          attendee({ firstName: 'cr\rinside', lastName: 'line\nbreak' }),
          attendee({ firstName: null, lastName: null }),
        ),
        [],
        () => undefined,
      ),
    );
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv).toContain(`,"'=HYPERLINK(""x"")","Smith, Jr.",waitlisted,`);
    expect(csv).toContain(`,"cr\rinside","line\nbreak",`);
    expect(csv).toContain(`john@example.com,,,attending`);
    // Outside quoted cells, every line ends in CRLF: the header and four records.
    const unquoted = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted.match(/\r\n/g)).toHaveLength(5);
    expect(unquoted.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parse(csv, { columns: true })).toEqual([
      parsed(),
      parsed({ firstName: `'=HYPERLINK("x")`, lastName: 'Smith, Jr.', status: 'waitlisted' }),
      parsed({ firstName: 'cr\rinside', lastName: 'line\nbreak' }),
      parsed({ firstName: '', lastName: '' }),
    ]);
  });

  it('writes the header alone for an event without anyone', async () => {
    expect(await text(attendeesCsv(rows(), [], () => undefined))).toBe(
      `${CSV_COLUMNS.join(',')}\r\n`,
    );
  });

  it('reports an error of its source and ends the stream with it', async () => {
    async function* failing() {
      yield attendee();
      await Promise.reject(new Error('database gone'));
    }
    const onError = jest.fn();
    await expect(text(attendeesCsv(failing(), [], onError))).rejects.toThrow('database gone');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'database gone' }));
  });

  it('adds a column per question, headed by its guarded label; an unanswered one is empty', async () => {
    const questions = [
      { id: 'qAAAAAAAA', label: '=cmd|calc', type: 'text', required: false, options: null },
      { id: 'qBBBBBBBB', label: 'Vegan?', type: 'boolean', required: false, options: null },
    ] as const;
    const csv = await text(
      attendeesCsv(
        rows(
          attendee({
            answers: [
              { questionId: 'qAAAAAAAA', value: '@SUM(1)' },
              { questionId: 'qBBBBBBBB', value: false },
            ],
          }),
          attendee({ checkedInAt: '2026-12-01T17:00:00.000Z' }),
        ),
        questions.map((question) => ({ ...question })),
        () => undefined,
      ),
    );
    const [header, ...records]: string[][] = parse(csv);
    expect(header).toEqual([...CSV_COLUMNS, "'=cmd|calc", 'Vegan?']);
    expect(records[0]!.slice(-3)).toEqual(['', "'@SUM(1)", 'false']);
    expect(records[1]!.slice(-3)).toEqual(['2026-12-01T17:00:00.000Z', '', '']);
  });
});
