import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

// A surrogate half without its partner: JSON allows "\ud800", UTF-8 cannot encode it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What a text field may hold beyond what the column stores: `any` (passwords, emails: anything
 * storable), `line` (names, locations: no control character but tab) or `lines` (descriptions,
 * reasons: line ends too). Control characters (C0, DEL, C1) have no use in such text, and RFC 5545
 * forbids them in an iCalendar document, which these texts reach.
 */
export type TextKind = 'any' | 'line' | 'lines';

const FORBIDDEN: Record<TextKind, string> = {
  any: '\\u0000',
  line: '\\u0000-\\u0008\\u000A-\\u001F\\u007F-\\u009F',
  lines: '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F',
};

/** The OpenAPI `pattern` of a text of this kind (the same character class the check uses). */
export const textPattern = (kind: TextKind): string => `^[^${FORBIDDEN[kind]}]*$`;

const CONTROLS: Record<TextKind, RegExp> = {
  any: new RegExp(`[${FORBIDDEN.any}]`),
  line: new RegExp(`[${FORBIDDEN.line}]`),
  lines: new RegExp(`[${FORBIDDEN.lines}]`),
};

const EVERY_CONTROL = new RegExp(`[${FORBIDDEN.lines}]`, 'g');

/** The text with every character a `lines` text may not hold removed (tabs and line ends stay). */
export const withoutControls = (text: string): string => text.replace(EVERY_CONTROL, '');

const CONTROL_PROBLEMS: Record<TextKind, string> = {
  any: '',
  line: 'must be one line without control characters',
  lines: 'must not contain control characters other than tabs and line ends',
};

/** Code points, which is what a PostgreSQL `varchar(n)` counts. */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}

/** Why `value` cannot be stored as is in a `varchar(max)` column, or undefined if it can. */
export function textProblem(
  value: unknown,
  max: number,
  kind: TextKind = 'any',
): string | undefined {
  if (typeof value !== 'string') return undefined; // the type check reports it
  if (value.includes('\0')) return 'must not contain NUL characters';
  if (kind !== 'any' && CONTROLS[kind].test(value)) return CONTROL_PROBLEMS[kind];
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode';
  if (codePointLength(value) > max) return `must be shorter than or equal to ${max} characters`;
  return undefined;
}

/**
 * Text that a `varchar(max)` column stores and returns exactly, on SQLite and PostgreSQL alike:
 * no NUL (PostgreSQL refuses it), no unpaired surrogate (it would come back as U+FFFD) and at most
 * `max` code points. Goes with `@MaxLength(max)`, which documents the limit in OpenAPI but counts
 * "❤️" (a symbol plus variation selector, two code points) as one character, so alone it lets
 * through text the column cannot hold: PostgreSQL answers that with an error, hence a 500.
 */
export function IsStorableText(
  max: number,
  kind: TextKind = 'any',
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStorableText',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [max, kind],
      options: {
        message: ({ property, value }: ValidationArguments) =>
          `${property} ${textProblem(value, max, kind) ?? 'is invalid'}`,
        ...options,
      },
      validator: { validate: (value: unknown) => textProblem(value, max, kind) === undefined },
    });
}
