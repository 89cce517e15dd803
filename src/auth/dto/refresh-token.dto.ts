import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TOKEN_MAX_LENGTH } from '../../common/openapi/schema';

export class RefreshTokenDto {
  /** The refresh token from the last login or refresh. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(TOKEN_MAX_LENGTH)
  refresh_token!: string;
}
