import { IsString, MaxLength } from 'class-validator';
import { TOKEN_MAX_LENGTH } from '../../common/openapi/schema';

export class VerifyTokenDto {
  /** An access token. */
  @IsString()
  @MaxLength(TOKEN_MAX_LENGTH)
  token!: string;
}
