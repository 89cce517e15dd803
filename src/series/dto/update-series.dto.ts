import { PickType } from '@nestjs/swagger';
import { UpdateEventDto } from '../../events/dto/update-event.dto';

/**
 * The fields a series change applies to every upcoming, not cancelled occurrence. Times and the
 * time zone are not among them: an occurrence is moved as an event (`PATCH /events/:id`).
 * `questions` is resolved once, against the first upcoming occurrence's list, so every occurrence
 * gets the same list with the same ids (a new question has one id across the series).
 */
export class UpdateSeriesDto extends PickType(UpdateEventDto, [
  'name',
  'description',
  'location',
  'capacity',
  'category',
  'questions',
  'requiresApproval',
] as const) {}
