/**
 * SQL text with its parameters kept apart: `sql\`SELECT … WHERE id = ${id}\``. Values become bound
 * parameters (never SQL text); a nested `Sql` is spliced in with its own values, so queries are
 * composed from fragments without string building. The adapter renders the placeholders of its
 * dialect (`?` or `$n`), so the text of a query shape is fixed and its statement can be reused.
 */
export class Sql {
  constructor(
    /** the text around the values: always one more than `values` */
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** The text with `placeholder(n)` (1-based) for each value. */
  render(placeholder: (index: number) => string): string {
    let text = this.strings[0] ?? '';
    for (let i = 1; i < this.strings.length; i += 1) text += placeholder(i) + this.strings[i];
    return text;
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const texts: string[] = [strings[0] ?? ''];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    const next = strings[i + 1] ?? '';
    if (value instanceof Sql) {
      // splice: the fragment's first text joins ours, its last text starts the next one
      texts[texts.length - 1] += value.strings[0] ?? '';
      for (let j = 1; j < value.strings.length; j += 1) texts.push(value.strings[j] ?? '');
      params.push(...value.values);
      texts[texts.length - 1] += next;
    } else {
      params.push(value);
      texts.push(next);
    }
  });
  return new Sql(texts, params);
}

/** Trusted text as SQL, for identifiers and keywords chosen from a fixed list (never user input). */
export function raw(text: string): Sql {
  return new Sql([text], []);
}

export const empty = raw('');

/** `parts` joined by `separator` (e.g. conditions by ` AND `). */
export function join(parts: readonly Sql[], separator: string): Sql {
  return parts.reduce<Sql>(
    (joined, part, i) => (i === 0 ? part : sql`${joined}${raw(separator)}${part}`),
    empty,
  );
}
