import { EventCategory } from './event-attributes';

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
  seriesId?: number | null;
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
  seriesId: 'series_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
