import type { EventCategory, EventDetail, UpdateEventBody } from '../api/client';
import { fromZonedInput, toZonedInput, viewerTimeZone } from '../lib/time-zones';
import { isCategory } from './categories';

export const LABELS = {
  name: 'Name',
  description: 'Description',
  location: 'Location',
  category: 'Category',
  timeZone: 'Time zone',
  startsAt: 'Start',
  endsAt: 'End',
  capacity: 'Capacity',
};
export type FieldName = keyof typeof LABELS;
export type Values = Record<FieldName, string>;
export const FIELDS = Object.keys(LABELS) as FieldName[];

export const EMPTY: Values = {
  name: '',
  description: '',
  location: '',
  category: 'other',
  timeZone: viewerTimeZone,
  startsAt: '',
  endsAt: '',
  capacity: '',
};

/** An event as form text; its times on the wall clock of its own time zone. */
export function toValues(event: EventDetail): Values {
  return {
    name: event.name,
    description: event.description ?? '',
    location: event.location ?? '',
    category: event.category,
    timeZone: event.timeZone,
    startsAt: toZonedInput(event.startsAt, event.timeZone),
    endsAt: toZonedInput(event.endsAt, event.timeZone),
    capacity: event.capacity === null ? '' : String(event.capacity),
  };
}

/**
 * Capacity text → API value: empty is unlimited (null), digits a number. Anything else goes as
 * typed, so that the API's own message says what is wrong with it.
 */
function toCapacity(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : (trimmed as unknown as number);
}

/** The fields that differ from `initial`; a new time zone moves both times (same wall clock). */
export function changedFields(values: Values, initial: Values): Set<FieldName> {
  const changed = new Set(FIELDS.filter((name) => values[name] !== initial[name]));
  if (changed.has('timeZone')) {
    changed.add('startsAt');
    changed.add('endsAt');
  }
  return changed;
}

/** Form text → API body, for every field or only the `only` ones. */
export function toBody(values: Values, only?: Set<FieldName>): UpdateEventBody {
  const body: UpdateEventBody = {};
  const want = (name: FieldName) => only === undefined || only.has(name);
  if (want('name')) body.name = values.name;
  if (want('description')) body.description = values.description.trim() || null;
  if (want('location')) body.location = values.location.trim() || null;
  if (want('category') && isCategory(values.category))
    body.category = values.category satisfies EventCategory;
  if (want('timeZone')) body.timeZone = values.timeZone;
  if (want('startsAt')) body.startsAt = fromZonedInput(values.startsAt, values.timeZone);
  if (want('endsAt')) body.endsAt = fromZonedInput(values.endsAt, values.timeZone);
  if (want('capacity')) body.capacity = toCapacity(values.capacity);
  return body;
}

export interface Rebased {
  /** the form after the reload: the person's edits over the latest version */
  values: Values;
  /** fields both the person and someone else changed: the person's text is kept, theirs shown */
  conflicts: Array<{ name: FieldName; theirs: string }>;
}

/**
 * After a 412: the latest version becomes the form's base. What the person changed stays as they
 * typed it; every other field takes the latest value.
 */
export function rebase(values: Values, initial: Values, latest: Values): Rebased {
  const mine = new Set(FIELDS.filter((name) => values[name] !== initial[name]));
  const next = { ...latest };
  const conflicts: Rebased['conflicts'] = [];
  for (const name of mine) {
    next[name] = values[name];
    if (latest[name] !== initial[name] && latest[name] !== values[name]) {
      conflicts.push({ name, theirs: latest[name] });
    }
  }
  return { values: next, conflicts };
}
