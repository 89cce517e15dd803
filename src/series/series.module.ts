import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { SeriesAccessGuard } from './guards/series-access.guard';
import { SeriesController } from './series.controller';
import { SeriesRepository } from './series.repository';
import { SeriesService } from './series.service';

@Module({
  imports: [EventsModule],
  controllers: [SeriesController],
  providers: [SeriesService, SeriesRepository, SeriesAccessGuard],
})
export class SeriesModule {}
