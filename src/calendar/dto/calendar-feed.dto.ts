import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestamp } from '../../common/openapi/schema';

export class CalendarFeedDto {
  /** Subscribe to this in a calendar app; keep it secret. */
  @ApiProperty({
    format: 'uri',
    maxLength: 2000,
    example:
      'https://events.example.com/api/v1/calendar-feeds/3.q4sWJq9nW0x8Pj2m1vYk3xZb6cT5rN7aH8dL0eF2gUs',
  })
  url!: string;

  @ApiTimestamp()
  createdAt!: string;
}
