import { Body, Controller, Delete, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { NoBodyGuard } from '../common/validation/no-body';
import { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { SessionListDto } from './dto/session-response.dto';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { OwnSessionGuard } from './guards/own-session.guard';
import { SESSION_ID_INPUT_PATTERN, SessionId } from './session-id';
import { SessionsService } from './sessions.service';

const SESSION_ID = ApiParam({
  name: 'id',
  description: 'Session id (an `id` of `GET /users/me/sessions`); anything but a UUID is a 400',
  example: '0b6f8a1e-6c3d-4f2a-9a55-2f1c7d9e4b10',
  schema: { type: 'string', format: 'uuid', pattern: SESSION_ID_INPUT_PATTERN, maxLength: 36 },
});

/**
 * The caller's password and sessions, under `/users/me` beside the profile (`UsersController`);
 * here because they are the auth module's: its password check and its sessions.
 */
@ApiTags('users')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'users/me', version: '1' })
@UseGuards(JwtAuthGuard)
export class AccountController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change the password of the calling user; ends their other sessions',
    description:
      '`currentPassword` is checked as a login checks it: a wrong one is 401 ' +
      '`INVALID_CREDENTIALS` and nothing changes. `newPassword` follows the registration rules ' +
      '(a 400, checked first). On success every other session of the user ends, its refresh ' +
      'and access tokens refused from then on; the calling session and its tokens stay valid.',
  })
  // Both 401s in one response: this one replaces the class's 401 (UNAUTHENTICATED).
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'INVALID_CREDENTIALS')
  changePassword(
    @CurrentUser() caller: AuthUser,
    @Body() dto: ChangePasswordDto,
    @RequestTime() now: number,
  ): Promise<void> {
    return this.auth.changePassword(caller, dto, now);
  }

  @Get('sessions')
  @ApiOperation({
    summary: 'The live sessions of the calling user, newest first',
    description:
      'One per login that is not logged out, revoked or expired (at most the 100 newest). ' +
      '`current` marks the session of the access token used; `lastUsedAt` moves at most once ' +
      'a minute; `userAgent` is the `User-Agent` of the login, cut to 200 characters.',
  })
  @ApiProblems('VALIDATION_FAILED')
  listSessions(
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<SessionListDto> {
    return this.sessions.list(caller, now);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @SESSION_ID
  // Takes no body; a field in one is a 400, after the 404 (the guards' order).
  @UseGuards(OwnSessionGuard, NoBodyGuard)
  @ApiOperation({
    summary: 'End one session of the calling user',
    description:
      'Its refresh and access tokens stop working at once, as after a logout; it may be the ' +
      'calling session. A malformed id is 400 `VALIDATION_FAILED`; an unknown id, one of ' +
      'another user or of a session already ended is 404 `NOT_FOUND`. Takes no body.',
  })
  @ApiProblems('VALIDATION_FAILED', 'NOT_FOUND')
  revokeSession(
    @CurrentUser() caller: AuthUser,
    @SessionId() sessionId: string,
    @RequestTime() now: number,
  ): Promise<void> {
    return this.sessions.revoke(caller, sessionId, now);
  }
}
