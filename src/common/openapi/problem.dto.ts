import { ApiProperty } from '@nestjs/swagger';
import { ERROR_CATALOG, ErrorCode } from '../errors/domain-error';
import { PROBLEM_LIMITS } from '../errors/problem';

/** Why the texts of a problem state no pattern; the Spectral rule named finds this text. */
const FOR_PEOPLE =
  'Written for people, and it may quote what the client sent, so it has no pattern ' +
  '(`owasp:api4:2023-string-restricted` does not apply): an answer, never input.';

export class FieldErrorDto {
  /** @example "startsAt" */
  @ApiProperty({
    maxLength: PROBLEM_LIMITS.field,
    description: `A field of the request, as sent (nested fields joined by \`.\`). ${FOR_PEOPLE}`,
  })
  field!: string;
  /** @example "startsAt must be an ISO 8601 timestamp with a time zone" */
  @ApiProperty({ maxLength: PROBLEM_LIMITS.message, description: FOR_PEOPLE })
  message!: string;
}

/** RFC 9457 problem details (`application/problem+json`). */
export class ProblemDto {
  /** @example "urn:event-manager:problem:validation-failed" */
  @ApiProperty({ format: 'uri', maxLength: 100 })
  type!: string;
  /** The catalog's title of `code`. @example "Validation failed" */
  @ApiProperty({ pattern: '^[A-Z][A-Za-z -]*$', maxLength: 100 })
  title!: string;
  /** The HTTP status. @example 400 */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 400, maximum: 599 })
  status!: number;
  /** @example "The request is invalid." */
  @ApiProperty({ maxLength: PROBLEM_LIMITS.detail, description: FOR_PEOPLE })
  detail!: string;
  @ApiProperty({
    enum: Object.keys(ERROR_CATALOG),
    enumName: 'ErrorCode',
    description: 'Stable machine-readable error code',
    example: 'VALIDATION_FAILED',
  })
  code!: ErrorCode;
  /** Field errors, for validation failures only: the first 100. */
  @ApiProperty({ type: [FieldErrorDto], maxItems: PROBLEM_LIMITS.errors, required: false })
  errors?: FieldErrorDto[];
}
