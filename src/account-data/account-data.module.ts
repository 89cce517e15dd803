import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { UsersModule } from '../users/users.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AccountDataController } from './account-data.controller';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportRepository } from './account-export.repository';
import { AccountExportService } from './account-export.service';

/** "Your data": the export of an account and its deletion (issue 29). */
@Module({
  imports: [AuthModule, EventsModule, UsersModule, WebhooksModule],
  controllers: [AccountDataController],
  providers: [AccountExportService, AccountExportRepository, AccountDeletionService],
})
export class AccountDataModule {}
