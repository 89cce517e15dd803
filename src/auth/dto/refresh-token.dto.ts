import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { CREDENTIAL_MAX_LENGTH } from './login.dto';

export class RefreshTokenDto {
  /** The refresh token from the last login or refresh; any other string is a 401. */
  @ApiProperty({ maxLength: CREDENTIAL_MAX_LENGTH })
  @IsString()
  refresh_token!: string;
}
