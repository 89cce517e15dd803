import { EventCategory } from './event-attributes';

/** What an update merges into (epoch-ms times). */
export interface StoredEvent {
  id: number;
  ownerId: number;
  name: string;
  description: string | null;
  location: string | null;
  startsAt: number;
  endsAt: number;
  capacity: number | null;
  category: EventCategory;
  timeZone: string;
  version: number;
  cancelledAt: number | null;
  attendeeCount: number;
  waitlistCount: number;
  /** 0 or 1 */
  published: number;
  /** the JSON list of questions */
  questions: string;
  /** 0 or 1 */
  requiresApproval: number;
}

/** The columns an insert or update writes (derived search columns included). */
export interface EventColumns {
  ownerId: number;
  name: string;
  description: string | null;
  location: string | null;
  nameKey: string;
  searchText: string;
  startsAt: number;
  endsAt: number;
  capacity: number | null;
  category: EventCategory;
  timeZone: string;
  published: boolean;
  questions: string;
  requiresApproval: boolean;
  createdAt: number;
  updatedAt: number;
}

export const COLUMN_NAMES: Record<keyof EventColumns, string> = {
  ownerId: 'owner_id',
  name: 'name',
  description: 'description',
  location: 'location',
  nameKey: 'name_key',
  searchText: 'search_text',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  capacity: 'capacity',
  category: 'category',
  timeZone: 'time_zone',
  published: 'published',
  questions: 'questions',
  requiresApproval: 'requires_approval',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
