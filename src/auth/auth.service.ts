import { Injectable } from '@nestjs/common';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { UsersService } from '../users/users.service';
import { InvalidCredentialsError } from './auth.errors';
import { RegisterDto } from './dto/register.dto';
import { LoginDto } from './dto/login.dto';
import { VerifyResultDto } from './dto/verify-result.dto';
import { PasswordHasher } from './password-hasher';
import { TokenPair, TokenService } from './token.service';
import { UnauthenticatedError } from '../common/errors/domain-error';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
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

  /** Unknown user and wrong password answer alike, after the same argon2 work. */
  async login(dto: LoginDto, userAgent: string | null, now: number): Promise<TokenPair> {
    const user = await this.users.findByUsername(dto.username);
    const ok = await this.passwords.verify(user?.passwordHash, dto.password);
    if (!user || !ok) throw new InvalidCredentialsError();
    return this.tokens.openSession(user, userAgent, now);
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
}
