import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { Outbox } from '../outbox/outbox';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { User } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { AuthUser } from './auth-user';
import { InvalidCredentialsError } from './auth.errors';
import { ChangePasswordDto } from './dto/change-password.dto';
import { RegisterDto } from './dto/register.dto';
import { LoginDto } from './dto/login.dto';
import { VerifyResultDto } from './dto/verify-result.dto';
import { PasswordHasher } from './password-hasher';
import { SessionsRepository } from './sessions.repository';
import { TokenPair } from './token-claims';
import { TokenService } from './token.service';
import { UnauthenticatedError } from '../common/errors/domain-error';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsRepository,
    private readonly db: Database,
    private readonly outbox: Outbox,
  ) {}

  async register(dto: RegisterDto, now: number): Promise<UserResponseDto> {
    await this.users.assertAvailable(dto.username, dto.email);
    const user = await this.users.create({
      username: dto.username,
      email: dto.email,
      passwordHash: await this.passwords.hash(dto.password),
      firstName: dto.firstName,
      lastName: dto.lastName,
      createdAt: now,
    });
    return UserResponseDto.from(user);
  }

  async login(dto: LoginDto, userAgent: string | null, now: number): Promise<TokenPair> {
    const user = await this.checkPassword(
      await this.users.findByUsername(dto.username),
      dto.password,
    );
    return this.tokens.openSession(user, userAgent, now);
  }

  /**
   * Proves the current password as login does, then, in one transaction, stores the argon2id
   * hash of the new one and ends every other session of the user: whoever else held a session
   * (a thief who knew the old password) is out, the calling session stays. The hash is replaced
   * only if it is still the one just verified, so a concurrent change makes this one a 401.
   */
  async changePassword(caller: AuthUser, dto: ChangePasswordDto, now: number): Promise<void> {
    const user = await this.checkPassword(
      await this.users.findById(caller.id),
      dto.currentPassword,
    );
    const nextHash = await this.passwords.hash(dto.newPassword);
    const changed = await this.db.transaction(async (tx) => {
      if (!(await this.users.replacePasswordHash(tx, user.id, user.passwordHash, nextHash))) {
        return false;
      }
      await this.sessions.revokeOthers(tx, user.id, caller.sessionId, now);
      // The user is told by mail (whatever their preference), so a change they did not make shows.
      const { id, username, email } = user;
      await this.outbox.record(tx, {
        type: 'account.password_changed',
        at: now,
        ownerId: null,
        user: { id, username, email },
      });
      return true;
    });
    if (!changed) throw new InvalidCredentialsError();
  }

  refresh(refreshToken: string, now: number): Promise<TokenPair> {
    return this.tokens.rotate(refreshToken, now);
  }

  logout(refreshToken: string, now: number): Promise<void> {
    return this.tokens.revoke(refreshToken, now);
  }

  async verify(token: string, now: number): Promise<VerifyResultDto> {
    const authenticated = await this.tokens.authenticate(token, now);
    if (!authenticated) throw new UnauthenticatedError('The token is not a live access token.');
    const { user, claims } = authenticated;
    return {
      valid: true,
      userId: user.id,
      username: user.username,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
    };
  }

  /** The caller's account if `password` is theirs (401 `INVALID_CREDENTIALS` otherwise). */
  async proveOwnPassword(userId: number, password: string): Promise<User> {
    return this.checkPassword(await this.users.findById(userId), password);
  }

  /**
   * The one password check (login, password change, account deletion): an unknown user and a wrong password
   * answer alike, after the same argon2 work (`PasswordHasher.verify`).
   */
  private async checkPassword(user: User | undefined, password: string): Promise<User> {
    const ok = await this.passwords.verify(user?.passwordHash, password);
    if (!user || !ok) throw new InvalidCredentialsError();
    return user;
  }
}
