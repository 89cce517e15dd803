import { ApiProperty, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean, ValidateIf } from 'class-validator';
import { present } from '../../common/validation/present';
import { RegisterDto } from '../../auth/dto/register.dto';

/**
 * Any of the account's email and names, under the registration rules (the same validators and
 * OpenAPI facts, inherited). Every field is validated when present, so `null` is a 400 for
 * `email`; the names stay optional as in registration, so `null` (or blank) clears them. Unknown
 * fields, `username` and `password` included, are a 400.
 */
export class UpdateMeDto extends PartialType(
  PickType(RegisterDto, ['email', 'firstName', 'lastName'] as const),
  { skipNullProperties: false },
) {
  /** false: no mail about events (registrations, changes, reminders); the password-change mail is always sent. */
  @ApiProperty({ required: false })
  @ValidateIf(present)
  @IsBoolean()
  emailNotifications?: boolean;
}
