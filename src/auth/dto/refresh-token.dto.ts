import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class RefreshTokenDto {
  /** The refresh token from the last login or refresh. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  refresh_token!: string;
}
