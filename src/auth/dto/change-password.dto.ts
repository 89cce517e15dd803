import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Length } from 'class-validator';
import { IsStorableText } from '../../common/validation/storable-text';
import { CREDENTIAL_MAX_LENGTH } from './login.dto';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './register.dto';

export class ChangePasswordDto {
  /**
   * Checked as a login checks it: only its shape here, and a wrong one of any length is a 401.
   * @example "correct-horse-battery"
   */
  @ApiProperty({ format: 'password', maxLength: CREDENTIAL_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  currentPassword!: string;

  /** 8–128 characters, as at registration. @example "battery-staple-horse" */
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  @IsStorableText(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}
