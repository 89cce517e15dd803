import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/** The kinds of event the API knows (`category`); `other` is the default. */
export const EVENT_CATEGORIES = [
  'conference',
  'meetup',
  'workshop',
  'talk',
  'social',
  'sports',
  'music',
  'arts',
  'other',
] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];
export const DEFAULT_CATEGORY: EventCategory = 'other';

export const DEFAULT_TIME_ZONE = 'UTC';

/** `category` in the document: one named enum (`EventCategory`) for every DTO that has it. */
export function ApiCategory(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({
    enum: EVENT_CATEGORIES,
    enumName: 'EventCategory',
    example: 'meetup',
    ...options,
  });
}
