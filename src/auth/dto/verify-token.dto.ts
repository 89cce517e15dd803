import { IsString, MaxLength } from 'class-validator';

export class VerifyTokenDto {
  /** An access token. */
  @IsString()
  @MaxLength(4096)
  token!: string;
}
