import fc from 'fast-check';
import {
  CONTENT_TYPES,
  EXTRA_KEYS,
  HOSTILE_IDS,
  hostileQueryValue,
  hostileValue,
  ODD_QUERY_STRINGS,
  oddHeader,
  OTHER_METHODS,
  PATH_MUTATIONS,
  POISON_KEYS,
  UNKNOWN_QUERY_KEYS,
} from './hostile';
import { Schema, schemaArbitrary, SchemaLookup } from './schema-arbitrary';
import { World } from './world';

interface OpenApiParameter {
  name: string;
  in: string;
  schema?: Schema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { examples?: Record<string, unknown> }> }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Schema> };
}

/** One documented operation, as the fuzzer uses it. */
export interface Operation {
  key: string;
  method: string;
  path: string;
  query: OpenApiParameter[];
  body?: Schema;
  /** documented response statuses */
  statuses: Set<number>;
  /** media types its 2xx responses document (`text/calendar`, `text/csv`); JSON when none */
  successTypes: Set<string>;
  /** documented problem codes (the named examples of its error responses) */
  codes: Set<string>;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      query: (op.parameters ?? []).filter((p) => p.in === 'query'),
      body: op.requestBody?.content['application/json']?.schema,
      statuses: new Set(Object.keys(op.responses).map(Number)),
      successTypes: new Set(
        Object.entries(op.responses)
          .filter(([status]) => status.startsWith('2'))
          .flatMap(([, response]) => Object.keys(response.content ?? {})),
      ),
      codes: new Set(
        Object.values(op.responses).flatMap((response) =>
          Object.values(response.content ?? {}).flatMap((media) =>
            Object.keys(media.examples ?? {}),
          ),
        ),
      ),
    })),
  );
}

export function lookupIn(doc: OpenApiDocument): SchemaLookup {
  return (ref) => {
    const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    if (!schema) throw new Error(`unresolved ${ref}`);
    return schema;
  };
}

export type ByteMutation = 'bom' | 'invalid-utf8' | 'truncate' | 'garbage';

/** One generated request, before the run-time parts (existing ids) are filled in. */
export interface FuzzCase {
  operation: string;
  method: string;
  /** a fixture event, any existing event (indexes resolved at run time) or a raw segment */
  pathId?: { fixture: number } | { existing: number } | { raw: string };
  pathMutation?: number;
  query: string;
  authorization: string;
  headers: [string, string][];
  contentType?: string;
  body?: { text: string; mutation?: ByteMutation };
  chunked: boolean;
  /** the request carries an unknown field or parameter (or a body where none is taken) */
  mustReject: boolean;
}

/** Percent-encodes UTF-8 bytes; `loose` leaves printable ASCII (but `#`) as it is. */
export function percentEncode(text: string, loose = false): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    const keep = loose ? byte > 0x20 && byte < 0x7f && char !== '#' : /[A-Za-z0-9\-_.~]/.test(char);
    out += keep ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `arbitrary` once in `odds` cases, otherwise null. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, odds: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: odds - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

const objectText = (entries: [string, string][]) =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;

type Entries = [string, string][];
type Mutation = (entries: Entries) => Entries;

/** Structural mutations of a body object: drop, retype, add, poison or repeat a field. */
function mutationArbitrary(declared: string[]): fc.Arbitrary<Mutation> {
  const unknownKeys = EXTRA_KEYS.filter((key) => !declared.includes(key));
  return fc.oneof(
    fc.nat().map(
      (i): Mutation =>
        (entries) =>
          entries.filter((_, j) => j !== i % entries.length),
    ),
    fc.tuple(fc.nat(), hostileValue).map(
      ([i, value]): Mutation =>
        (entries) =>
          entries.map(([key, v], j): [string, string] =>
            j === i % entries.length ? [key, value] : [key, v],
          ),
    ),
    fc
      .tuple(fc.constantFrom(...unknownKeys), hostileValue)
      .map(([key, value]): Mutation => (entries) => [...entries, [key, value]]),
    fc
      .tuple(fc.constantFrom(...POISON_KEYS), hostileValue)
      .map(([key, value]): Mutation => (entries) => [[key, value], ...entries]),
    // The same field twice: JSON.parse keeps the last one.
    fc.tuple(fc.nat(), hostileValue).map(([i, value]): Mutation => (entries) => {
      const picked = entries[i % Math.max(entries.length, 1)];
      return picked ? [...entries, [picked[0], value]] : entries;
    }),
  );
}

/** Whole bodies that are not an object of fields. */
const rawBodyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '{}',
    'null',
    '[]',
    '[{}]',
    '0',
    '"x"',
    '{',
    '{"a":}',
    "{'a':1}",
    '{"a":1,}',
    '{"a":1}{"b":2}',
    '{"a":1} x',
    '/* c */ {}',
    'NaN',
    'Infinity',
    '{"a":NaN}',
    '\u0000',
    ' '.repeat(100),
    'x'.repeat(65 * 1024),
    `{"a":"${'x'.repeat(64 * 1024)}"}`,
  ),
  hostileValue,
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Generates hostile requests for the documented operations of `doc`. */
export function caseArbitrary(
  doc: OpenApiDocument,
  world: World,
  now: number,
): fc.Arbitrary<FuzzCase> {
  const lookup = lookupIn(doc);
  const operations = operationsOf(doc);
  const authLabels = Object.keys(world.authorizations);
  const authArbitrary = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('owner', 'other', 'admin') },
    { weight: 1, arbitrary: fc.constant('none') },
    { weight: 3, arbitrary: fc.constantFrom(...authLabels) },
  );
  const tokenArbitrary = fc.constantFrom(...world.tokens);

  return fc.oneof(
    ...operations.map((op) => operationCase(op, lookup, now, authArbitrary, tokenArbitrary, world)),
  );
}

function declaredFields(schema: Schema | undefined, lookup: SchemaLookup): string[] {
  if (!schema) return [];
  const resolved = schema.$ref ? lookup(schema.$ref) : schema;
  return Object.keys(resolved.properties ?? {});
}

/** A field value: from the schema, from the world's pools, or hostile. */
function validObject(
  op: Operation,
  lookup: SchemaLookup,
  now: number,
  tokens: fc.Arbitrary<string>,
  world: World,
): fc.Arbitrary<Record<string, unknown>> {
  const fromSchema = schemaArbitrary(op.body!, lookup, now) as fc.Arbitrary<
    Record<string, unknown>
  >;
  const fields = declaredFields(op.body, lookup);
  if (op.path.endsWith('/auth/register')) {
    // Taken names and emails too, in other letter case (409 USERNAME_TAKEN / EMAIL_TAKEN).
    const taken = world.users.owner.username;
    return fc.oneof(
      { weight: 3, arbitrary: fromSchema },
      fromSchema.map((o) => ({ ...o, username: taken.toUpperCase() })),
      fromSchema.map((o) => ({ ...o, email: `${taken}@EXAMPLE.com` })),
    );
  }
  if (op.method === 'PATCH') {
    // Lowering the capacity below the attendees (409 CAPACITY_BELOW_ATTENDEES) now and then.
    return fc.oneof({ weight: 4, arbitrary: fromSchema }, fc.constant({ capacity: 1 }));
  }
  if (op.path.endsWith('/auth/login')) {
    return fc.oneof(fromSchema, fc.constantFrom(...world.credentials));
  }
  if (fields.includes('refresh_token')) {
    return fc.oneof(
      fromSchema,
      tokens.map((token) => ({ refresh_token: token })),
    );
  }
  if (fields.includes('token')) {
    return fc.oneof(
      fromSchema,
      tokens.map((token) => ({ token })),
    );
  }
  return fromSchema;
}

function bodyArbitrary(
  op: Operation,
  lookup: SchemaLookup,
  now: number,
  tokens: fc.Arbitrary<string>,
  world: World,
): fc.Arbitrary<{ text: string; extra: boolean } | undefined> {
  if (op.body) {
    const fields = declaredFields(op.body, lookup);
    const objects = validObject(op, lookup, now, tokens, world);
    const mutated = fc
      .tuple(objects, fc.array(mutationArbitrary(fields), { minLength: 1, maxLength: 3 }))
      .map(([object, mutations]) => {
        let entries: Entries = Object.entries(object).map(([k, v]) => [k, JSON.stringify(v)]);
        for (const mutate of mutations) entries = mutate(entries);
        // Judged on the result: a later mutation may drop the field an earlier one added.
        const extra = entries.some(([key]) => !fields.includes(key));
        return { text: objectText(entries), extra };
      });
    return fc.oneof(
      { weight: 4, arbitrary: objects.map((o) => ({ text: JSON.stringify(o), extra: false })) },
      { weight: 5, arbitrary: mutated },
      { weight: 1, arbitrary: rawBodyText.map((text) => ({ text, extra: false })) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  }
  if (op.method === 'GET') return fc.constant(undefined);
  // Endpoints that take no body: none, an empty one, or one that tries to set something.
  const harmless = new Set(['', '{}', 'null']);
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '{}', 'null').map((text) => ({ text, extra: false })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc
            .tuple(fc.constantFrom(...EXTRA_KEYS, ...POISON_KEYS), hostileValue)
            .map(([key, value]) => objectText([[key, value]])),
          rawBodyText,
        )
        .map((text) => ({ text, extra: !harmless.has(text.trim()) })),
    },
  );
}

function queryArbitrary(
  op: Operation,
  lookup: SchemaLookup,
  now: number,
): fc.Arbitrary<{ text: string; extra: boolean }> {
  const oddRaw = fc.constantFrom(...ODD_QUERY_STRINGS);
  if (op.query.length === 0) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant({ text: '', extra: false }) },
      { weight: 1, arbitrary: oddRaw.map((text) => ({ text, extra: false })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...UNKNOWN_QUERY_KEYS), hostileQueryValue)
          .map(([key, value]) => ({
            text: `${percentEncode(key)}=${percentEncode(value)}`,
            extra: false,
          })),
      },
    );
  }
  const value = (p: OpenApiParameter) =>
    fc.oneof(
      {
        weight: 3,
        // A parameter's schema may be a $ref (an enum of the components, such as a status).
        arbitrary: schemaArbitrary(p.schema ?? { type: 'string' }, lookup, now).map(String),
      },
      { weight: 1, arbitrary: hostileQueryValue },
    );
  const declared = fc.record(Object.fromEntries(op.query.map((p) => [p.name, value(p)])), {
    requiredKeys: [],
  });
  const pairs = fc.tuple(
    declared,
    fc.array(fc.tuple(fc.constantFrom(...UNKNOWN_QUERY_KEYS), hostileQueryValue), {
      maxLength: 2,
    }),
    fc.array(
      fc.tuple(
        fc.constantFrom(...op.query.map((p) => p.name)),
        fc.oneof(hostileQueryValue, fc.constant('1')),
      ),
      { maxLength: 1 },
    ),
    rarely(oddRaw, 8),
    fc.boolean(),
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({ text: '', extra: false }) },
    {
      weight: 6,
      arbitrary: pairs.map(([known, unknown, repeated, odd, loose]) => {
        const encodedKnown = Object.entries(known).map(
          ([k, v]) => `${k}=${percentEncode(String(v), loose)}`,
        );
        const encodedUnknown = unknown.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`);
        // A declared parameter given twice is an error even when the value repeats.
        const repeatedPairs = repeated.flatMap(([k, v]) =>
          k in known
            ? [`${k}=${percentEncode(v, loose)}`]
            : [`${k}=${percentEncode(v)}`, `${k}=${percentEncode(v)}`],
        );
        const parts = [...encodedKnown, ...encodedUnknown, ...repeatedPairs];
        if (odd !== null) parts.push(odd);
        return {
          text: parts.join('&'),
          extra: encodedUnknown.length > 0 || repeatedPairs.length > 0,
        };
      }),
    },
  );
}

function operationCase(
  op: Operation,
  lookup: SchemaLookup,
  now: number,
  auth: fc.Arbitrary<string>,
  tokens: fc.Arbitrary<string>,
  world: World,
): fc.Arbitrary<FuzzCase> {
  const hasId = op.path.includes('{id}');
  const pathId = hasId
    ? fc.oneof(
        // Mostly the world's events in every state: full, started, someone else's...
        { weight: 4, arbitrary: fc.nat().map((n) => ({ fixture: n })) },
        { weight: 2, arbitrary: fc.nat().map((n) => ({ existing: n })) },
        { weight: 1, arbitrary: fc.constantFrom('424242', '1').map((raw) => ({ raw })) },
        { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_IDS).map((raw) => ({ raw })) },
      )
    : fc.constant(undefined);
  const method = fc.oneof(
    { weight: 12, arbitrary: fc.constant(op.method) },
    { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) },
  );
  const pathMutation = rarely(fc.nat({ max: PATH_MUTATIONS.length - 1 }), 15);
  const contentType = fc.oneof(
    { weight: 12, arbitrary: fc.constant('application/json') },
    { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const mutation = rarely(
    fc.constantFrom<ByteMutation>('bom', 'invalid-utf8', 'truncate', 'garbage'),
    12,
  );
  return fc
    .record({
      method,
      pathId,
      pathMutation,
      query: queryArbitrary(op, lookup, now),
      authorization: auth,
      headers: fc.array(oddHeader, { maxLength: 3 }),
      contentType,
      body: bodyArbitrary(op, lookup, now, tokens, world),
      mutation,
      chunked: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true)),
    })
    .map((r): FuzzCase => {
      const sameRoute = r.method === op.method && r.pathMutation === null;
      return {
        operation: op.key,
        method: r.method,
        pathId: r.pathId,
        pathMutation: r.pathMutation ?? undefined,
        query: r.query.text,
        authorization: r.authorization,
        headers: r.headers,
        contentType: r.body === undefined ? undefined : r.contentType,
        body: r.body && { text: r.body.text, mutation: r.mutation ?? undefined },
        chunked: r.chunked,
        // Whatever else is wrong with the request only adds reasons to refuse it; but a byte
        // mutation may also empty the body (a truncated "0"), so those bodies are not judged.
        mustReject:
          sameRoute &&
          ((r.query.extra && op.query.length > 0) ||
            (r.mutation === null && (r.body?.extra ?? false))),
      };
    });
}
