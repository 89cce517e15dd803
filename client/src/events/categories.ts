import type { EventCategory } from '../api/client';

/** The API's nine categories, in the order the chips and the form show them. */
export const CATEGORIES: ReadonlyArray<readonly [EventCategory, string]> = [
  ['conference', 'Conference'],
  ['meetup', 'Meetup'],
  ['workshop', 'Workshop'],
  ['talk', 'Talk'],
  ['social', 'Social'],
  ['sports', 'Sports'],
  ['music', 'Music'],
  ['arts', 'Arts'],
  ['other', 'Other'],
];

export function categoryLabel(category: EventCategory): string {
  return CATEGORIES.find(([value]) => value === category)?.[1] ?? category;
}

export function isCategory(value: string): value is EventCategory {
  return CATEGORIES.some(([category]) => category === value);
}
