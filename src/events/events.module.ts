import { Module } from '@nestjs/common';
import { AccountEvents } from './account-events';
import { AttendeesController } from './attendees.controller';
import { AttendeesRepository } from './attendees.repository';
import { AttendeesService } from './attendees.service';
import { EventChanges } from './event-changes';
import { EventList } from './event-list';
import { EventsController } from './events.controller';
import { EventLifecycleController } from './event-lifecycle.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { ListCursors } from './list-cursor';
import { EventAccessGuard } from './guards/event-access.guard';
import { RegistrationOpenGuard } from './guards/registration-open.guard';
import { RegistrationsRepository } from './registrations.repository';
import { RegistrationsService } from './registrations.service';
import { RegistrationsController } from './registrations.controller';
import { ApprovalsController } from './approvals.controller';
import { ApprovalsService } from './approvals.service';
import { RequestsRepository } from './requests.repository';
import { RegistrationChecks } from './registration-checks';
import { EventVisibleGuard } from './guards/event-visible.guard';
import { PersonMessages } from './person-messages';

@Module({
  controllers: [
    EventsController,
    EventLifecycleController,
    RegistrationsController,
    AttendeesController,
    ApprovalsController,
  ],
  providers: [
    EventsService,
    EventChanges,
    EventList,
    ListCursors,
    EventsRepository,
    RegistrationsService,
    RegistrationsRepository,
    EventAccessGuard,
    RegistrationOpenGuard,
    AttendeesService,
    AttendeesRepository,
    ApprovalsService,
    RequestsRepository,
    RegistrationChecks,
    EventVisibleGuard,
    PersonMessages,
    AccountEvents,
  ],
  exports: [
    AccountEvents,
    EventsService,
    EventsRepository,
    EventAccessGuard,
    EventVisibleGuard,
    EventChanges,
    PersonMessages,
  ],
})
export class EventsModule {}
