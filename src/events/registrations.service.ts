import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/current-user.decorator';
import { DomainError } from '../common/errors/domain-error';
import { EventResponseDto } from './dto/event-response.dto';
import {
  AlreadyRegisteredError,
  EventFullError,
  EventNotFoundError,
  EventStartedError,
  NotRegisteredError,
} from './events.errors';
import { EventsService } from './events.service';
import {
  RegisterOutcome,
  RegistrationsRepository,
  UnregisterOutcome,
} from './registrations.repository';

const FAILURES: Record<
  Exclude<RegisterOutcome | UnregisterOutcome, 'registered' | 'unregistered'>,
  () => DomainError
> = {
  not_found: () => new EventNotFoundError(),
  started: () => new EventStartedError(),
  already: () => new AlreadyRegisteredError(),
  not_registered: () => new NotRegisteredError(),
  full: () => new EventFullError(),
};

/** Capacity lives here: the repository's atomic statements decide, this maps their outcome. */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly registrations: RegistrationsRepository,
    private readonly events: EventsService,
  ) {}

  async register(eventId: number, caller: AuthUser): Promise<EventResponseDto> {
    const outcome = await this.registrations.register(eventId, caller.id, Date.now());
    if (outcome !== 'registered') throw FAILURES[outcome]();
    return this.events.get(eventId, caller);
  }

  async unregister(eventId: number, caller: AuthUser): Promise<void> {
    const outcome = await this.registrations.unregister(eventId, caller.id, Date.now());
    if (outcome !== 'unregistered') throw FAILURES[outcome]();
  }
}
