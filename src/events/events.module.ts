import { Module } from '@nestjs/common';
import { AttendeesController } from './attendees.controller';
import { AttendeesRepository } from './attendees.repository';
import { AttendeesService } from './attendees.service';
import { EventList } from './event-list';
import { EventsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { ListCursors } from './list-cursor';
import { EventOwnerGuard } from './guards/event-owner.guard';
import { RegistrationOpenGuard } from './guards/registration-open.guard';
import { RegistrationsRepository } from './registrations.repository';
import { RegistrationsService } from './registrations.service';

@Module({
  controllers: [EventsController, AttendeesController],
  providers: [
    EventsService,
    EventList,
    ListCursors,
    EventsRepository,
    RegistrationsService,
    RegistrationsRepository,
    EventOwnerGuard,
    RegistrationOpenGuard,
    AttendeesService,
    AttendeesRepository,
  ],
})
export class EventsModule {}
