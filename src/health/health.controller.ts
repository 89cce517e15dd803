import { Controller, Get, Res, ServiceUnavailableException, VERSION_NEUTRAL } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Database } from '../database/database';

@ApiTags('health')
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: Database,
  ) {}

  /** 200 `{status: "ok", ...}` while the database answers; 503 `{status: "error", ...}` otherwise. */
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and database reachability (for load balancers)' })
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return await this.health.check([
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
      return error.getResponse();
    }
  }
}
