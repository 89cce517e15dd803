import { Database, Queries } from '../src/database/database';
import { isUniqueViolation } from '../src/database/errors';
import { raw, sql } from '../src/database/sql';
import { createTestApp, TestApp } from './app.factory';

/** The database port on the configured database (SQLite by `npm test`, PostgreSQL by test:e2e:pg). */
describe('Database port', () => {
  let t: TestApp;
  let db: Database;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(Database);
    await db.run(
      raw(
        'CREATE TABLE port_probe (id integer PRIMARY KEY, label varchar(50) UNIQUE, ' +
          'big bigint, flag boolean, note varchar(50))',
      ),
    );
  });
  afterAll(() => t.close());
  beforeEach(() => db.run(sql`DELETE FROM port_probe`));

  const labels = async () =>
    (await db.all<{ label: string }>(sql`SELECT label FROM port_probe ORDER BY id`)).map(
      (row) => row.label,
    );

  it('answers one result shape: bigint and counts as numbers, booleans as 0 / 1, null as null', async () => {
    const epochMs = Date.UTC(2030, 0, 1);
    await db.run(
      sql`INSERT INTO port_probe (id, label, big, flag, note) VALUES (${1}, ${'a'}, ${epochMs}, ${true}, ${null})`,
    );
    await db.run(
      sql`INSERT INTO port_probe (id, label, big, flag) VALUES (${2}, ${'b'}, ${0}, ${false})`,
    );
    const rows = await db.all(sql`SELECT id, big, flag, note FROM port_probe ORDER BY id`);
    expect(rows).toEqual([
      { id: 1, big: epochMs, flag: 1, note: null },
      { id: 2, big: 0, flag: 0, note: null },
    ]);
    expect(await db.one(sql`SELECT COUNT(*) AS total FROM port_probe`)).toEqual({ total: 2 });
    expect(await db.one(sql`SELECT id FROM port_probe WHERE id = ${99}`)).toBeUndefined();
  });

  it('binds values, never splices them: question marks and dollars in values and text stay', async () => {
    const hostile = "?'; DROP TABLE port_probe; -- $1";
    await db.run(sql`INSERT INTO port_probe (id, label, note) VALUES (${1}, ${hostile}, '?$1')`);
    expect(await db.one(sql`SELECT label, note FROM port_probe WHERE label = ${hostile}`)).toEqual({
      label: hostile,
      note: '?$1',
    });
  });

  it('answers the rows a write changed, and RETURNING rows', async () => {
    await db.run(sql`INSERT INTO port_probe (id, label) VALUES (${1}, ${'a'}), (${2}, ${'b'})`);
    expect(await db.run(sql`UPDATE port_probe SET note = ${'x'} WHERE id > ${0}`)).toBe(2);
    expect(await db.run(sql`DELETE FROM port_probe WHERE id = ${42}`)).toBe(0);
    expect(
      await db.one(sql`INSERT INTO port_probe (id, label) VALUES (${3}, ${'c'}) RETURNING id`),
    ).toEqual({ id: 3 });
  });

  it('reports a unique violation so that callers can tell it from other faults', async () => {
    await db.run(sql`INSERT INTO port_probe (id, label) VALUES (${1}, ${'same'})`);
    const error: unknown = await db
      .run(sql`INSERT INTO port_probe (id, label) VALUES (${2}, ${'same'})`)
      .catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db.transaction(async (tx) => {
      await tx.run(sql`INSERT INTO port_probe (id, label) VALUES (${1}, ${'kept'})`);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.run(sql`INSERT INTO port_probe (id, label) VALUES (${2}, ${'undone'})`);
        expect(await tx.one(sql`SELECT label FROM port_probe WHERE id = ${2}`)).toEqual({
          label: 'undone',
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await labels()).toEqual(['kept']);
  });

  it('keeps other requests out of an open transaction: its rollback undoes only its own writes', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const failing = db.transaction(async (tx) => {
      await tx.run(sql`INSERT INTO port_probe (id, label) VALUES (${1}, ${'inside'})`);
      await held; // a real wait (a macrotask away), as a slow statement would be
      throw new Error('abort');
    });
    // other requests' writes while it is open: a plain statement and another transaction
    const plain = db.run(sql`INSERT INTO port_probe (id, label) VALUES (${2}, ${'plain'})`);
    const other = db.transaction((tx) =>
      tx.run(sql`INSERT INTO port_probe (id, label) VALUES (${3}, ${'other'})`),
    );
    setTimeout(release, 20);
    await expect(failing).rejects.toThrow('abort');
    await expect(plain).resolves.toBe(1);
    await expect(other).resolves.toBe(1);
    expect(await labels()).toEqual(['plain', 'other']);
  });

  it('runs many concurrent transactions without nesting them, each whole or not at all', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction(async (tx) => {
          await tx.run(sql`INSERT INTO port_probe (id, label) VALUES (${i * 2 + 1}, ${`a${i}`})`);
          await new Promise((resolve) => setImmediate(resolve));
          if (i % 2 === 1) throw new Error(`abort ${i}`);
          await tx.run(sql`INSERT INTO port_probe (id, label) VALUES (${i * 2 + 2}, ${`b${i}`})`);
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const kept = await labels();
    expect(kept).toHaveLength(20);
    for (let i = 0; i < 20; i += 2)
      expect(kept).toEqual(expect.arrayContaining([`a${i}`, `b${i}`]));
  });

  it('refuses a transaction handle used after its transaction ended', async () => {
    let leaked: Queries | undefined;
    await db.transaction((tx) => {
      leaked = tx;
      return Promise.resolve();
    });
    await expect(
      leaked!.run(sql`INSERT INTO port_probe (id, label) VALUES (${1}, ${'late'})`),
    ).rejects.toThrow('after its transaction ended');
    expect(await labels()).toEqual([]);
  });
});
