import { PartialType, PickType } from '@nestjs/swagger';
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
) {}
