import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { CREDENTIAL_MAX_LENGTH } from './login.dto';

export class VerifyTokenDto {
  /** An access token; any other string is a 401. */
  @ApiProperty({ maxLength: CREDENTIAL_MAX_LENGTH })
  @IsString()
  token!: string;
}
