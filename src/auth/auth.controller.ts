import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { AuthRateLimit } from './auth-rate-limit.hook';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import { TokenPairDto } from './dto/token-pair.dto';
import { UserAgent } from './user-agent.decorator';
import { VerifyResultDto } from './dto/verify-result.dto';
import { VerifyTokenDto } from './dto/verify-token.dto';

/** Why these operations need no access token; the Spectral rule named finds this text. */
const PUBLIC_WRITE =
  'Public by contract (`owasp:api2:2023-write-restricted` does not apply): it issues, checks or ' +
  'ends the credentials an access token stands for, so it cannot require one.';

/** Why verify and logout have no rate limit; the Spectral rules named find this text. */
const UNLIMITED_TOKEN_CHECK =
  'Not rate limited (`owasp:api4:2023-rate-limit` and `owasp:api4:2023-rate-limit-responses-429` ' +
  'do not apply): the token in the body is checked against its HS256 signature before any ' +
  'database read, so a guess costs one HMAC and cannot succeed, and a real token is bound to a ' +
  'session that can be revoked.';

@ApiTags('auth')
@ApiProblems('INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @Header('Cache-Control', 'no-store')
  @AuthRateLimit()
  @ApiOperation({
    summary: 'Create an account',
    description:
      'Usernames and emails are unique after NFKC normalisation and case folding; the ' +
      'spelling sent is the one stored. ' +
      'Answers the user, never a password or its hash. ' +
      PUBLIC_WRITE +
      ' Answers no 401 (`owasp:api8:2023-define-error-responses-401` does not apply): it checks ' +
      'no credential.',
  })
  @ApiProblems('VALIDATION_FAILED', 'USERNAME_TAKEN', 'EMAIL_TAKEN')
  register(@Body() dto: RegisterDto, @RequestTime() now: number): Promise<UserResponseDto> {
    return this.auth.register(dto, now);
  }

  @Post('login')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  @AuthRateLimit()
  @ApiOperation({
    summary: 'Log in: opens a session and returns an access and a refresh token',
    description:
      'The username is matched case-insensitively. An unknown user and a wrong password get ' +
      'the same 401, and a malformed one too (never a 400 hint). The session keeps the ' +
      '`User-Agent` header, cut to 200 characters (`GET /users/me/sessions`). ' +
      PUBLIC_WRITE,
  })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CREDENTIALS')
  login(
    @Body() dto: LoginDto,
    @UserAgent() userAgent: string | null,
    @RequestTime() now: number,
  ): Promise<TokenPairDto> {
    return this.auth.login(dto, userAgent, now);
  }

  @Post('refresh')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  @AuthRateLimit()
  @ApiOperation({
    summary: 'Rotate a refresh token',
    description:
      'Each refresh token works once. Presenting a rotated one again revokes the whole ' +
      `session. ${PUBLIC_WRITE}`,
  })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_REFRESH_TOKEN')
  refresh(@Body() dto: RefreshTokenDto, @RequestTime() now: number): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refresh_token, now);
  }

  @Post('verify')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check an access token',
    description:
      'Answers 200 for a live access token; 401 for anything else (expired, tampered, a ' +
      'refresh token, a revoked session). ' +
      PUBLIC_WRITE +
      ' ' +
      UNLIMITED_TOKEN_CHECK,
  })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED')
  verify(@Body() dto: VerifyTokenDto, @RequestTime() now: number): Promise<VerifyResultDto> {
    return this.auth.verify(dto.token, now);
  }

  @Post('logout')
  @Header('Cache-Control', 'no-store')
  @HttpCode(204)
  @ApiOperation({
    summary: 'End the session of a refresh token (its access tokens stop working)',
    description:
      'The refresh token proves the session, so no access token is needed. Other sessions of ' +
      'the user are untouched. ' +
      PUBLIC_WRITE +
      ' ' +
      UNLIMITED_TOKEN_CHECK,
  })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_REFRESH_TOKEN')
  logout(@Body() dto: RefreshTokenDto, @RequestTime() now: number): Promise<void> {
    return this.auth.logout(dto.refresh_token, now);
  }
}
