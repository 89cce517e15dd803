import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { TOKEN_MAX_LENGTH } from '../../common/openapi/schema';
import { MATCHED_NOT_VALIDATED } from './login.dto';

export class VerifyTokenDto {
  @ApiProperty({
    maxLength: TOKEN_MAX_LENGTH,
    description: `An access token; any other string is a 401. ${MATCHED_NOT_VALIDATED}`,
  })
  @IsString()
  token!: string;
}
