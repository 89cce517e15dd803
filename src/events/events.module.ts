import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { EventOwnerGuard } from './guards/event-owner.guard';
import { RegistrationOpenGuard } from './guards/registration-open.guard';
import { RegistrationsRepository } from './registrations.repository';
import { RegistrationsService } from './registrations.service';

@Module({
  controllers: [EventsController],
  providers: [
    EventsService,
    EventsRepository,
    RegistrationsService,
    RegistrationsRepository,
    EventOwnerGuard,
    RegistrationOpenGuard,
  ],
})
export class EventsModule {}
