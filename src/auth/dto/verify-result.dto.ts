export class VerifyResultDto {
  /** @example true */
  valid!: true;
  /** @example 3 */
  userId!: number;
  /** @example "foobar" */
  username!: string;
  /** @example "2026-11-23T11:00:00.000Z" */
  expiresAt!: string;
}
