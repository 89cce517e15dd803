import { parse } from 'csv-parse/sync';
import { User } from '../src/users/entities/user.entity';
import { createTestApp, TestApp } from './app.factory';
import { createEvent, createUsers, EVENTS } from './event-factories';
import { createUser, TestUser } from './factories';
import { spotCalls } from './waitlist-support';

jest.setTimeout(30_000);

/**
 * The attendee CSV's formula guard against what a probe sent: formula triggers in their
 * full-width forms, and a formula hidden behind characters a reader does not see (format
 * characters, a BOM, white space). A spreadsheet that skips those or folds the widths would run
 * the cell; a cell whose first visible character is a trigger must come out behind a `'`.
 */
describe('CSV export formula guard: full-width and invisible prefixes', () => {
  let t: TestApp;
  let owner: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t);
  });
  afterAll(() => t.close());

  /** Registers one person per name pair and reads the export, parsed by a real CSV parser. */
  async function exported(
    names: [string, string][],
    setNames: (user: TestUser, firstName: string, lastName: string) => Promise<void>,
  ): Promise<string[][]> {
    const event = await createEvent(t, owner);
    const people = await createUsers(t, names.length);
    for (const [i, [firstName, lastName]] of names.entries()) {
      await setNames(people[i]!, firstName, lastName);
      await spotCalls(t).register(event.id, people[i]!).expect(201);
    }
    const res = await t
      .http()
      .get(`${EVENTS}/${event.id}/attendees?format=csv`)
      .set(owner.auth)
      .expect(200);
    const rows = parse<Record<string, string>>(res.text, { columns: true });
    return rows.map((row) => [row.firstName!, row.lastName!]);
  }

  it('prefixes names set through the API whose first visible character is a formula trigger', async () => {
    const viaApi = async (user: TestUser, firstName: string, lastName: string) => {
      await t
        .http()
        .patch('/api/v1/users/me')
        .set(user.auth)
        .send({ firstName, lastName })
        .expect(200);
    };
    const names: [string, string][] = [
      ['\uFF1DHYPERLINK("http://evil.example","x")', '\uFF0B1'], // full-width = and +
      ['\uFF0D2+3', '\uFF20SUM(A1:A9)'], // full-width - and @
      ['\u200B=1+1', '\u200C+1'], // zero-width space, ZWNJ
      ['\u200D-1', '\u2060@SUM(A1)'], // ZWJ, word joiner
      ['\u202E=1', '\u200B \u200B=1'], // a bidi override; white space between invisible ones
      ['Ada\uFF1D', '\u200BAda'], // a trigger later, an invisible one before a letter: as they are
    ];
    expect(await exported(names, viaApi)).toEqual([
      ['\'\uFF1DHYPERLINK("http://evil.example","x")', "'\uFF0B1"],
      ["'\uFF0D2+3", "'\uFF20SUM(A1:A9)"],
      ["'\u200B=1+1", "'\u200C+1"],
      ["'\u200D-1", "'\u2060@SUM(A1)"],
      ["'\u202E=1", "'\u200B \u200B=1"],
      ['Ada\uFF1D', '\u200BAda'],
    ]);
  });

  it('prefixes stored names that begin with a BOM or white space before a trigger', async () => {
    // The API trims names (a BOM and these spaces are white space to trim), so these can only
    // come from data stored before that rule or by other means: set in the database.
    const stored = async (user: TestUser, firstName: string, lastName: string) => {
      await t.dataSource.getRepository(User).update({ id: user.id }, { firstName, lastName });
    };
    const names: [string, string][] = [
      ['\uFEFF=1', ' =1'],
      ['\u00A0\u3000+1', '\n-1'],
      ['\uFEFF\uFF20x', ' Ada'],
    ];
    expect(await exported(names, stored)).toEqual([
      ["'\uFEFF=1", "' =1"],
      ["'\u00A0\u3000+1", "'\n-1"],
      ["'\uFEFF\uFF20x", ' Ada'],
    ]);
  });
});
