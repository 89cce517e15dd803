import { FieldError, ValidationFailedError } from '../common/errors/domain-error';
import { toEpoch } from '../common/validation/zoned-timestamp';
import { UpdateEventDto } from './dto/update-event.dto';
import { searchColumns } from './entities/event.entity';
import { EventColumns, StoredEvent } from './event-columns';
import {
  parseQuestions,
  Question,
  resolveQuestions,
  serializeQuestions,
} from '../questions/questions';

/** Rules across fields, applied to the merged result of a create or a patch. */
export function checkTimes(
  startsAt: number,
  endsAt: number,
  startsAtChanged: boolean,
  now: number,
): void {
  const errors: FieldError[] = [];
  if (startsAtChanged && startsAt <= now) {
    errors.push({ field: 'startsAt', message: 'startsAt must be in the future' });
  }
  if (endsAt <= startsAt) {
    errors.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

/**
 * The patch merged into the stored event and validated as a whole (400); the columns that change,
 * or undefined when the patch changes nothing.
 */
export function mergePatch(
  event: StoredEvent,
  dto: UpdateEventDto,
  now: number,
  resolved?: Question[],
): Partial<EventColumns> | undefined {
  const startsAt = dto.startsAt === undefined ? event.startsAt : toEpoch(dto.startsAt);
  const endsAt = dto.endsAt === undefined ? event.endsAt : toEpoch(dto.endsAt);
  checkTimes(startsAt, endsAt, startsAt !== event.startsAt, now);
  const merged = {
    name: dto.name ?? event.name,
    description: dto.description === undefined ? event.description : dto.description,
    location: dto.location === undefined ? event.location : dto.location,
    startsAt,
    endsAt,
    capacity: dto.capacity === undefined ? event.capacity : dto.capacity,
    category: dto.category ?? event.category,
    timeZone: dto.timeZone ?? event.timeZone,
    questions:
      dto.questions === undefined
        ? event.questions
        : serializeQuestions(
            resolved ?? resolveQuestions(parseQuestions(event.questions), dto.questions),
          ),
    requiresApproval: dto.requiresApproval ?? event.requiresApproval === 1,
  };
  const stored = { ...event, requiresApproval: event.requiresApproval === 1 };
  const changed = (Object.keys(merged) as (keyof typeof merged)[]).filter(
    (key) => merged[key] !== stored[key],
  );
  if (changed.length === 0) return undefined;
  const changes: Partial<EventColumns> = {};
  for (const key of changed) Object.assign(changes, { [key]: merged[key] });
  if (changed.includes('name') || changed.includes('description')) {
    Object.assign(changes, searchColumns(merged.name, merged.description));
  }
  return changes;
}
