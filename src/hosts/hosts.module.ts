import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { UsersModule } from '../users/users.module';
import { HostsController } from './hosts.controller';
import { HostsRepository } from './hosts.repository';
import { HostsService } from './hosts.service';

@Module({
  imports: [EventsModule, UsersModule],
  controllers: [HostsController],
  providers: [HostsService, HostsRepository],
})
export class HostsModule {}
