import { join, raw, sql } from './sql';

const dollar = (n: number) => `$${n}`;

describe('sql template', () => {
  it('keeps values out of the text, one placeholder each', () => {
    const query = sql`SELECT * FROM t WHERE a = ${1} AND b = ${'x'}`;
    expect(query.render(() => '?')).toBe('SELECT * FROM t WHERE a = ? AND b = ?');
    expect(query.render(dollar)).toBe('SELECT * FROM t WHERE a = $1 AND b = $2');
    expect(query.values).toEqual([1, 'x']);
  });

  it('splices fragments with their values in order', () => {
    const where = join([sql`a = ${1}`, sql`b = ${2}`, raw('c IS NULL')], ' AND ');
    const query = sql`SELECT ${raw('x')} FROM t WHERE ${where} LIMIT ${10}`;
    expect(query.render(dollar)).toBe(
      'SELECT x FROM t WHERE a = $1 AND b = $2 AND c IS NULL LIMIT $3',
    );
    expect(query.values).toEqual([1, 2, 10]);
  });

  it('treats a question mark or dollar inside the text as text', () => {
    const query = sql`SELECT '?', '$1' FROM t WHERE a = ${'?'}`;
    expect(query.render(dollar)).toBe("SELECT '?', '$1' FROM t WHERE a = $1");
    expect(query.values).toEqual(['?']);
  });

  it('joins nothing into an empty fragment', () => {
    expect(join([], ' AND ').render(dollar)).toBe('');
  });
});
