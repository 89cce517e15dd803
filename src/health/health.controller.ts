import {
  Controller,
  Get,
  Inject,
  Logger,
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
import { FallbackThrottlerStorage } from '../rate-limit/fallback-throttler-storage';
import { Database } from '../database/database';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { CHECK_FAILED, DOWN_MESSAGES, HealthResponseDto } from './dto/health-response.dto';

type CheckResult = Record<string, { status: string; message?: unknown } | undefined>;

interface HealthResult {
  status?: string;
  info?: CheckResult;
  error?: CheckResult;
  details: Record<string, unknown>;
}

/**
 * The checks as the public may see them: the endpoint is unauthenticated, and a driver's message
 * names the database, its host or its user (`database "x" is not currently accepting
 * connections`). A check that is down keeps its name, status and timing; its message is ours.
 */
function withoutCauses(checks: CheckResult | undefined): CheckResult | undefined {
  if (checks === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(checks).map(([name, check]) => [
      name,
      check?.status === 'down' ? { ...check, message: DOWN_MESSAGES[name] ?? CHECK_FAILED } : check,
    ]),
  );
}

@ApiTags('health')
@ApiProblems('VALIDATION_FAILED', 'INTERNAL')
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: Database,
    @Inject(ThrottlerStorage) private readonly rateLimits: ThrottlerStorage,
  ) {}

  private readonly logger = new Logger(HealthController.name);

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
      'never makes it a 503. Public on purpose (`owasp:api2:2023-read-restricted` and ' +
      '`owasp:api8:2023-define-error-responses-401` do not apply): load balancers poll it ' +
      'without credentials, and it tells nothing but up or down. Not rate limited ' +
      '(`owasp:api4:2023-rate-limit` and `owasp:api4:2023-rate-limit-responses-429` do not ' +
      'apply): a limit would make the load balancer take a healthy instance out; it costs one ' +
      '`SELECT 1`.',
  })
  @ApiOkResponse({ type: HealthResponseDto, description: 'The database answers' })
  @ApiServiceUnavailableResponse({
    type: HealthResponseDto,
    description: 'The database does not answer',
  })
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    let result: HealthResult;
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
      const failed = error.getResponse() as HealthResult & { details: CheckResult };
      // The driver's words go to the log, for the operator, and never into the answer.
      this.logger.warn({ checks: failed.error }, 'Health check failed');
      result = {
        ...failed,
        info: withoutCauses(failed.info),
        error: withoutCauses(failed.error),
        details: withoutCauses(failed.details) ?? {},
      };
    }
    if (this.rateLimits instanceof FallbackThrottlerStorage) {
      result.details.redis = { status: this.rateLimits.state };
    }
    return result;
  }
}
