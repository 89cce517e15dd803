import { isEmail as isEmailAddress, registerDecorator, ValidationOptions } from 'class-validator';
import { textProblem } from './storable-text';

/**
 * class-validator's `@IsEmail()` without its crash: validator.js's `isEmail` passes the address to
 * `encodeURI`, which throws a URIError on a lone surrogate (`"\udfff"`), and a validator that
 * throws is a 500 (found by the fuzzer). Text that is not well-formed is simply not an address
 * here; `@IsStorableText` reports why. Same name and constraint name as the original, so that the
 * Swagger plugin still documents `format: email` and messages stay as they were.
 */
export function IsEmail(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isEmail',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          textProblem(value, Number.MAX_SAFE_INTEGER) === undefined &&
          isEmailAddress(value),
      },
    });
}
