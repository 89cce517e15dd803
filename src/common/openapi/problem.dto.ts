import { ApiProperty } from '@nestjs/swagger';
import { ERROR_CATALOG, ErrorCode } from '../errors/domain-error';

export class FieldErrorDto {
  /** @example "startsAt" */
  field!: string;
  /** @example "startsAt must be an ISO 8601 timestamp with a time zone" */
  message!: string;
}

/** RFC 9457 problem details (`application/problem+json`). */
export class ProblemDto {
  /** @example "urn:event-manager:problem:validation-failed" */
  type!: string;
  /** @example "Validation failed" */
  title!: string;
  /** @example 400 */
  status!: number;
  /** @example "The request is invalid." */
  detail!: string;
  @ApiProperty({
    enum: Object.keys(ERROR_CATALOG),
    enumName: 'ErrorCode',
    description: 'Stable machine-readable error code',
    example: 'VALIDATION_FAILED',
  })
  code!: ErrorCode;
  /** Field errors, for validation failures only. */
  errors?: FieldErrorDto[];
}
