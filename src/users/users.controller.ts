import { Body, Controller, Get, Patch, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UnauthenticatedError } from '../common/errors/domain-error';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { UpdateMeDto } from './dto/update-me.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { UserLookupQueryDto, UserRefDto } from './dto/user-lookup.dto';
import { UserNotFoundError } from './users.errors';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiProblems('INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'users', version: '1' })
@UseGuards(JwtAuthGuard)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({
    summary: 'The calling user',
    description: 'The account of the access token: never a password or its hash.',
  })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED')
  async me(@CurrentUser() caller: AuthUser): Promise<UserResponseDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new UnauthenticatedError();
    return UserResponseDto.from(user);
  }

  @Get('lookup')
  @ApiOperation({
    summary: 'Find a user by username (to add them as a host)',
    description:
      'Matched like a login (after NFKC and case folding). Answers only the id and the ' +
      'username, which every event already shows of its owner and attendees; 404 ' +
      '`USER_NOT_FOUND` when nobody has it.',
  })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'USER_NOT_FOUND')
  async lookup(@Query() query: UserLookupQueryDto): Promise<UserRefDto> {
    const user = await this.users.findByUsername(query.username);
    if (!user) throw new UserNotFoundError();
    return { id: user.id, username: user.username };
  }

  @Patch('me')
  @ApiOperation({
    summary: 'Change the email, the names or the mail preference of the calling user',
    description:
      'Any of `email`, `firstName`, `lastName`, under the registration rules, and ' +
      '`emailNotifications` (boolean; `false` stops every mail but the password-change one); ' +
      'absent fields ' +
      'stay as they are. `null` or a blank name clears it; `email` cannot be cleared. An email ' +
      'another user holds, in any case, is 409 `EMAIL_TAKEN`; another spelling of your own ' +
      '(`Foo@Example.com` for `foo@example.com`) is not a clash and changes the spelling. The ' +
      'username and the password are not changed here (the password: ' +
      '`POST /users/me/password`), so they are unknown fields, a 400.',
  })
  @ApiBody({
    type: UpdateMeDto,
    examples: {
      email: { summary: 'Change the email', value: { email: 'new@example.com' } },
      names: {
        summary: 'Rename, clearing the last name',
        value: { firstName: 'Ada', lastName: null },
      },
      mail: { summary: 'Stop mail about events', value: { emailNotifications: false } },
    },
  })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'EMAIL_TAKEN')
  async updateMe(
    @CurrentUser() caller: AuthUser,
    @Body() dto: UpdateMeDto,
  ): Promise<UserResponseDto> {
    const user = await this.users.update(caller.id, dto);
    if (!user) throw new UnauthenticatedError();
    return UserResponseDto.from(user);
  }
}
