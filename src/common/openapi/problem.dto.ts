import { ApiProperty } from '@nestjs/swagger';
import { ERROR_CATALOG, ErrorCode } from '../errors/domain-error';
import { PROBLEM_LIMITS } from '../errors/problem';

export class FieldErrorDto {
  /** A field of the request, as sent (nested fields joined by `.`). @example "startsAt" */
  @ApiProperty({ maxLength: PROBLEM_LIMITS.field })
  field!: string;
  /** @example "startsAt must be an ISO 8601 timestamp with a time zone" */
  @ApiProperty({ maxLength: PROBLEM_LIMITS.message })
  message!: string;
}

/** RFC 9457 problem details (`application/problem+json`). */
export class ProblemDto {
  /** @example "urn:event-manager:problem:validation-failed" */
  @ApiProperty({ format: 'uri', maxLength: 100 })
  type!: string;
  /** The catalog's title of `code`. @example "Validation failed" */
  @ApiProperty({ maxLength: 100 })
  title!: string;
  /** The HTTP status. @example 400 */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 400, maximum: 599 })
  status!: number;
  /** @example "The request is invalid." */
  @ApiProperty({ maxLength: PROBLEM_LIMITS.detail })
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
