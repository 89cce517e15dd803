import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { TOKEN_MAX_LENGTH } from '../../common/openapi/schema';
import { MATCHED_NOT_VALIDATED } from './login.dto';

export class RefreshTokenDto {
  @ApiProperty({
    maxLength: TOKEN_MAX_LENGTH,
    description:
      'The refresh token from the last login or refresh; any other string is a 401. ' +
      MATCHED_NOT_VALIDATED,
  })
  @IsString()
  refresh_token!: string;
}
