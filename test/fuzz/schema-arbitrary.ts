import fc from 'fast-check';

/** The part of JSON Schema (as `@nestjs/swagger` writes it into OpenAPI 3.0) the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

export type SchemaLookup = (ref: string) => Schema;

const HOUR = 3_600_000;

/** Zones as clients send them: `Z`, `+hh:mm`, `-hh:mm`. */
function withZone(date: Date, offsetMinutes: number): string {
  if (offsetMinutes === 0) return date.toISOString();
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/**
 * `date-time` values: mostly in the near future (so that creates can succeed), some in the past,
 * in assorted zones, with or without milliseconds.
 */
export function dateTime(now: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: HOUR, max: 2 * 365 * 24 * HOUR }) },
        { weight: 1, arbitrary: fc.integer({ min: -365 * 24 * HOUR, max: HOUR }) },
      ),
      fc.constantFrom(0, 0, 60, -300, 330, 840, -720),
      fc.boolean(),
    )
    .map(([delta, zone, millis]) => {
      const date = new Date(now + delta);
      if (!millis) date.setUTCMilliseconds(0);
      const text = withZone(date, zone);
      return millis ? text : text.replace(/\.000(?=Z|[+-])/, '');
    });
}

function stringArbitrary(schema: Schema, now: number): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 300;
  if (schema.format === 'date-time') return dateTime(now);
  if (schema.format === 'email') {
    return fc.emailAddress().filter((email) => email.length <= maxLength);
  }
  if (schema.pattern !== undefined) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((text) => text.length >= minLength && text.length <= maxLength);
  }
  // Mostly short, printable text; now and then the full length in any code point.
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 40) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
  );
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1_000_000_000;
  const max = schema.maximum ?? 1_000_000_000;
  if (integer) return fc.integer({ min, max });
  return fc.oneof(
    fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
  );
}

/**
 * An arbitrary of values that conform to `schema` (as far as the schema says: cross-field rules,
 * uniqueness and "in the future" are the server's to judge). Optional object members are present
 * or absent at random.
 */
export function schemaArbitrary(
  schema: Schema,
  lookup: SchemaLookup,
  now: number,
): fc.Arbitrary<unknown> {
  if (schema.$ref !== undefined) return schemaArbitrary(lookup(schema.$ref), lookup, now);
  const all = schema.allOf ?? [];
  if (all.length === 1) return schemaArbitrary(all[0]!, lookup, now);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => schemaArbitrary(s, lookup, now)));

  let base: fc.Arbitrary<unknown>;
  if (schema.enum !== undefined) {
    base = fc.constantFrom(...schema.enum);
  } else {
    switch (schema.type) {
      case 'string':
        base = stringArbitrary(schema, now);
        break;
      case 'integer':
        base = numberArbitrary(schema, true);
        break;
      case 'number':
        base = numberArbitrary(schema, false);
        break;
      case 'boolean':
        base = fc.boolean();
        break;
      case 'array':
        base = fc.array(schemaArbitrary(schema.items ?? {}, lookup, now), { maxLength: 5 });
        break;
      case 'object':
      case undefined: {
        const properties = schema.properties ?? {};
        const model = Object.fromEntries(
          Object.entries(properties).map(([name, s]) => [name, schemaArbitrary(s, lookup, now)]),
        );
        base = fc.record(model, { requiredKeys: schema.required ?? [] });
        break;
      }
      default:
        throw new Error(`schemaArbitrary: unsupported type ${schema.type}`);
    }
  }
  return schema.nullable ? fc.oneof({ weight: 5, arbitrary: base }, fc.constant(null)) : base;
}
