import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What a check that is down says to anyone: the name of what failed, in our words. */
export const DOWN_MESSAGES: Record<string, string> = { database: 'The database did not answer.' };
/** What any other check that is down says. */
export const CHECK_FAILED = 'The check failed.';

/** One check, as @nestjs/terminus reports it. */
export class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';
  /** How long the check took, in milliseconds. @example 1 */
  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 })
  responseTime?: number;
  /**
   * Which dependency failed, in generic words (the cause is logged, never sent).
   * @example "The database did not answer."
   */
  @ApiPropertyOptional({ enum: [...new Set([...Object.values(DOWN_MESSAGES), CHECK_FAILED])] })
  message?: string;
}

/** Redis, when REDIS_URL is set: `degraded` while unreachable (rate limits per instance). */
export class RedisHealthDto {
  @ApiProperty({ enum: ['up', 'degraded'] })
  status!: 'up' | 'degraded';
}

/** The checks by name. */
export class HealthChecksDto {
  database?: HealthIndicatorDto;
}

/** Every dependency: the checks, and Redis, which never fails the check. */
export class HealthDetailsDto extends HealthChecksDto {
  redis?: RedisHealthDto;
}

export class HealthResponseDto {
  /** `ok` while every check is up, `error` otherwise. */
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';
  /** The checks that are up. */
  info?: HealthChecksDto;
  /** The checks that are down. */
  error?: HealthChecksDto;
  /** Every dependency. */
  details!: HealthDetailsDto;
}
