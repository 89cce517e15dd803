import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

// A surrogate half without its partner: JSON allows "\ud800", UTF-8 cannot encode it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Code points, which is what a PostgreSQL `varchar(n)` counts. */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}

/** Why `value` cannot be stored as is in a `varchar(max)` column, or undefined if it can. */
export function textProblem(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined; // the type check reports it
  if (value.includes('\0')) return 'must not contain NUL characters';
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
export function IsStorableText(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStorableText',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [max],
      options: {
        message: ({ property, value }: ValidationArguments) =>
          `${property} ${textProblem(value, max) ?? 'is invalid'}`,
        ...options,
      },
      validator: { validate: (value: unknown) => textProblem(value, max) === undefined },
    });
}
