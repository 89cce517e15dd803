import { PickType } from '@nestjs/swagger';
import { RegisterDto } from '../../auth/dto/register.dto';
import { ApiUsername } from '../../common/openapi/schema';

/** `?username=`: a username as registration accepts it (matched after NFKC and case folding). */
export class UserLookupQueryDto extends PickType(RegisterDto, ['username'] as const) {}

/** Who a username belongs to: what an organiser needs to add a host, nothing personal. */
export class UserRefDto {
  /** @example 5 */
  id!: number;
  @ApiUsername({ example: 'johndoe' })
  username!: string;
}
