/** Query objects of requests whose query string holds a malformed percent-escape. */
const malformed = new WeakSet<object>();

/** One key or value as `application/x-www-form-urlencoded` spells it; undefined if malformed. */
function decode(text: string): string | undefined {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    // Throws on `%`, `%zz` and on escapes that are not UTF-8 (`%ff`, an encoded surrogate).
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}

/**
 * The router's query-string parser. Fastify's default (fast-querystring) keeps a malformed escape
 * as literal text, so `q=%ff` searched for "%ff" and answered 200; the contract makes it a 400.
 * A parser cannot answer, so it only marks the result ({@link hasMalformedEscape}) and a request
 * hook refuses it. Otherwise it parses as the default does: no prototype (a `__proto__` key is a
 * key), `+` is a space, a key given twice becomes an array (which validation refuses).
 */
export function parseQueryString(input: string): Record<string, string | string[]> {
  const query = Object.create(null) as Record<string, string | string[]>;
  for (const pair of input.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decode(equals < 0 ? pair : pair.slice(0, equals));
    const value = decode(equals < 0 ? '' : pair.slice(equals + 1));
    if (key === undefined || value === undefined) {
      malformed.add(query);
      continue;
    }
    const current = query[key];
    query[key] =
      current === undefined
        ? value
        : Array.isArray(current)
          ? [...current, value]
          : [current, value];
  }
  return query;
}

/** Whether `query` came from a query string with a malformed percent-escape. */
export function hasMalformedEscape(query: unknown): boolean {
  return typeof query === 'object' && query !== null && malformed.has(query);
}
