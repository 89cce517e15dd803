import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { CREDENTIAL_MAX_LENGTH } from '../../auth/dto/login.dto';

export class DeleteAccountDto {
  /**
   * The account's password, checked as a login checks it: only its shape here, and a wrong one
   * of any length is a 401.
   * @example "correct-horse-battery"
   */
  @ApiProperty({ format: 'password', maxLength: CREDENTIAL_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  password!: string;
}
