import { Body, Controller, Delete, Get, Header, HttpCode, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportService } from './account-export.service';
import { AccountExportDto } from './dto/account-export.dto';
import { DeleteAccountDto } from './dto/delete-account.dto';

/** The download's name: the account's id, never text a user chose. */
export const exportDisposition = (userId: number) =>
  `attachment; filename="account-${userId}-data.json"`;

/** The caller's data: all of it as one download, and the account's deletion. */
@ApiTags('users')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'users/me', version: '1' })
@UseGuards(JwtAuthGuard)
export class AccountDataController {
  constructor(
    private readonly exports: AccountExportService,
    private readonly deletion: AccountDeletionService,
  ) {}

  @Get('export')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Download everything kept about the calling user',
    description:
      'One JSON document, as a download (`Content-Disposition: attachment; ' +
      'filename="account-<id>-data.json"`): the user, the events they own (with hosts and ' +
      'questions), their registrations of every status (waiting-list places, requests and ' +
      'declined ones) with answers, their live sessions, their webhooks and whether a calendar ' +
      'feed exists. Never a password hash, a webhook secret, a feed address, a ticket code or ' +
      'any other token.',
  })
  @ApiOkResponse({
    type: AccountExportDto,
    headers: {
      'Content-Disposition': {
        description: 'The download and its file name',
        schema: {
          type: 'string',
          pattern: '^attachment; filename="account-[1-9][0-9]*-data\\.json"$',
          maxLength: exportDisposition(2_147_483_647).length,
          example: exportDisposition(3),
        },
      },
    },
  })
  // An unknown query parameter is a 400, as on every endpoint.
  @ApiProblems('VALIDATION_FAILED')
  async export(
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountExportDto> {
    const data = await this.exports.export(caller, now);
    void reply.header('Content-Disposition', exportDisposition(caller.id));
    return data;
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete the calling user’s account and everything of it',
    description:
      '`password` is checked as a login checks it: a wrong one is 401 `INVALID_CREDENTIALS` ' +
      'and nothing changes. In one transaction: the events the user owns are cancelled (each ' +
      'upcoming or ongoing one, so its attendees and those waiting get the cancellation mail) ' +
      'and deleted, with their hosts; the user’s registrations, waiting-list places and ' +
      'requests go (a freed spot promotes the waiting list as usual); their sessions (every ' +
      'token stops working), calendar feed, webhooks with their deliveries, host roles on ' +
      'other events and idempotency keys go with the account. The username and the email are ' +
      'free again afterwards.',
  })
  // Both 401s in one response: this one replaces the class's 401 (UNAUTHENTICATED).
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'INVALID_CREDENTIALS')
  remove(
    @CurrentUser() caller: AuthUser,
    @Body() dto: DeleteAccountDto,
    @RequestTime() now: number,
  ): Promise<void> {
    return this.deletion.delete(caller, dto.password, now);
  }
}
