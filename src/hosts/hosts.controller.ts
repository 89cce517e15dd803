import { Body, Controller, Delete, Get, HttpCode, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { NoBodyGuard } from '../common/validation/no-body';
import { EventGuardRow } from '../events/events.repository';
import { EventAccessGuard, Permission } from '../events/guards/event-access.guard';
import { USER_ID, UserId } from '../events/guards/user-id';
import { EVENT_ID } from '../events/guards/event-id';
import { LoadedEvent } from '../events/guards/loaded-event.decorator';
import { HostDto, HostListDto, PutHostDto } from './dto/host.dto';
import { HostsService } from './hosts.service';

/** An event's hosts and their roles (see the permission table in `src/access/event-access.ts`). */
@ApiTags('hosts')
@ApiBearerAuth()
@ApiProblems('UNAUTHENTICATED', 'INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ path: 'events/:id/hosts', version: '1' })
@UseGuards(JwtAuthGuard)
export class HostsController {
  constructor(private readonly hosts: HostsService) {}

  @Get()
  @EVENT_ID
  @Permission('listHosts')
  @UseGuards(EventAccessGuard)
  @ApiOperation({
    summary: "The event's owner and hosts (any host)",
    description:
      'The owner first (`addedAt` = the event’s creation), then the hosts in the order added.',
  })
  @ApiProblems('VALIDATION_FAILED', 'EVENT_NOT_FOUND', 'NOT_EVENT_OWNER')
  list(@LoadedEvent() event: EventGuardRow): Promise<HostListDto> {
    return this.hosts.list(event);
  }

  @Put(':userId')
  @EVENT_ID
  @USER_ID
  @Permission('manageHosts')
  @UseGuards(EventAccessGuard)
  @ApiOperation({
    summary: 'Add a host, or change their role (owner or admin)',
    description:
      '`cohost` may do everything the owner may except delete the event and manage hosts; ' +
      '`checker` may read the attendee list (not its CSV) and check people in. The owner is ' +
      'not a host: 400 on `userId`.',
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'EVENT_NOT_FOUND',
    'NOT_EVENT_OWNER',
    'NOT_EVENT_HOST',
    'USER_NOT_FOUND',
  )
  put(
    @LoadedEvent() event: EventGuardRow,
    @UserId() userId: number,
    @Body() dto: PutHostDto,
    @RequestTime() now: number,
  ): Promise<HostDto> {
    return this.hosts.put(event, userId, dto, now);
  }

  @Delete(':userId')
  @HttpCode(204)
  @EVENT_ID
  @USER_ID
  @Permission('listHosts')
  @UseGuards(EventAccessGuard, NoBodyGuard)
  @ApiOperation({
    summary: 'Remove a host (the owner), or leave (the host themself)',
    description: 'Idempotent: removing someone who is not a host answers 204. Takes no body.',
  })
  @ApiProblems('VALIDATION_FAILED', 'EVENT_NOT_FOUND', 'NOT_EVENT_OWNER', 'NOT_EVENT_HOST')
  remove(
    @LoadedEvent() event: EventGuardRow,
    @UserId() userId: number,
    @CurrentUser() caller: AuthUser,
  ): Promise<void> {
    return this.hosts.remove(event, userId, caller);
  }
}
