import { ApiTimestamp, ApiUsername } from '../../common/openapi/schema';

export class VerifyResultDto {
  /** @example true */
  valid!: true;
  /** @example 3 */
  userId!: number;
  @ApiUsername()
  username!: string;
  /** When the access token expires. */
  @ApiTimestamp({ example: '2026-11-23T11:00:00.000Z' })
  expiresAt!: string;
}
