import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError, ValidationFailedError } from '../errors/domain-error';

/**
 * Constraints that say a value has the wrong type (or is missing). When one of them fails, the
 * other constraints of the field fail too ("must be shorter than 30 characters" about a number),
 * so its message is the one worth sending.
 */
const TYPE_CONSTRAINTS = [
  'isDefined',
  'isString',
  'isNumber',
  'isInt',
  'isBoolean',
  'isArray',
  'isObject',
  'isDate',
  'isEnum',
];

/**
 * The one message reported for a field. class-validator runs a property's decorators bottom-up,
 * so the last failed constraint is the top-most decorator: DTOs list their checks in the order
 * their messages should win, and a type check wins wherever it is declared.
 */
function firstMessage(constraints: Record<string, string>): string | undefined {
  const typeCheck = TYPE_CONSTRAINTS.find((name) => name in constraints);
  if (typeCheck) return constraints[typeCheck];
  return Object.values(constraints).at(-1);
}

/** Flattens class-validator's tree into the contract's `errors: [{field, message}]`, one per field. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const message = error.constraints && firstMessage(error.constraints);
    const own = message === undefined ? [] : [{ field, message }];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

function isJsonObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keys that never reach the whitelist: Nest's ValidationPipe deletes `__proto__`, `prototype` and
 * `constructor` from the input, and class-transformer skips the other members of
 * `Object.prototype` (`toString`, `hasOwnProperty`, ...) when it builds the DTO. So
 * `?constructor=x` or `{"prototype": 1}` were silently ignored instead of rejected (found by the
 * fuzzer).
 */
function droppedKeys(value: unknown): FieldError[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value)
    .filter((key) => key in Object.prototype || key === 'prototype')
    .map((key) => ({ field: key, message: `property ${key} should not exist` }));
}

/**
 * A body DTO is a JSON object: an array, a number, a string or `null` is refused as a whole
 * instead of being reported as every field missing. An absent body (`undefined`) is validated
 * like `{}`, so each required field is named.
 */
class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.metatype !== undefined && this.toValidate(metadata);
    if (
      metadata.type === 'body' &&
      metadata.data === undefined &&
      value !== undefined &&
      !isJsonObject(value) &&
      dto
    ) {
      throw new DomainError('VALIDATION_FAILED', 'The request body must be a JSON object.');
    }
    const dropped = dto && metadata.data === undefined ? droppedKeys(value) : [];
    if (dropped.length === 0) return super.transform(value, metadata);
    try {
      await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      throw new ValidationFailedError([...dropped, ...(error.errors ?? [])]);
    }
    throw new ValidationFailedError(dropped);
  }
}

/**
 * Strict by design: unknown fields are rejected, not stripped (a client cannot set `id`,
 * `isAdmin`, ...), and nothing is converted implicitly: `"10"` is not a number. Query DTOs convert
 * their own parameters explicitly with `@Transform`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    // Every constraint runs so that `toFieldErrors` can pick the most useful message per field.
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedError(toFieldErrors(errors)),
  });
}
