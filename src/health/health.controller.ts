import {
  Controller,
  Get,
  Inject,
  Res,
  ServiceUnavailableException,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { FallbackThrottlerStorage } from '../auth/fallback-throttler-storage';
import { Database } from '../database/database';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { HealthResponseDto } from './dto/health-response.dto';

@ApiTags('health')
@ApiProblems('INTERNAL')
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: Database,
    @Inject(ThrottlerStorage) private readonly rateLimits: ThrottlerStorage,
  ) {}

  /**
   * 200 `{status: "ok", ...}` while the database answers; 503 `{status: "error", ...}` otherwise.
   * Redis (only with REDIS_URL) is reported but never fails the check: without it rate limits
   * count per instance (`degraded`), and the service still serves.
   */
  @Get()
  // Documented here rather than by terminus, whose schema allows any property.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Liveness and the state of each dependency (for load balancers)',
    description:
      'Needs no token: point the load balancer health check here. 503 while the database is ' +
      'down; Redis, when configured, is `up` or `degraded` (rate limits per instance) and ' +
      'never makes it a 503.',
  })
  @ApiOkResponse({ type: HealthResponseDto, description: 'The database answers' })
  @ApiServiceUnavailableResponse({
    type: HealthResponseDto,
    description: 'The database does not answer',
  })
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    let result: { details: Record<string, unknown> };
    try {
      result = await this.health.check([
        () =>
          this.indicators
            .check('database')
            .attempt(() => this.db.ping())
            .withTimeout(1500),
      ]);
    } catch (error) {
      // Terminus reports a failed check as a 503 with the check results: keep that answer for the
      // load balancer instead of letting the error filter turn it into a generic 500.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      result = error.getResponse() as typeof result;
    }
    if (this.rateLimits instanceof FallbackThrottlerStorage) {
      result.details.redis = { status: this.rateLimits.state };
    }
    return result;
  }
}
