import { Controller, Delete, Get, Header, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RequestTime } from '../common/clock';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { NoBodyGuard } from '../common/validation/no-body';
import { AcceptsAnyQuery } from '../common/validation/no-query';
import { EVENT_ID, EventId } from '../events/guards/event-id';
import { CalendarFeedDto } from './dto/calendar-feed.dto';
import { CalendarService } from './calendar.service';

const CALENDAR_TYPE = 'text/calendar; charset=utf-8';

/** A `text/calendar` success response in the document, with an example. */
const ApiCalendar = (description: string) =>
  ApiResponse({
    status: 200,
    description,
    content: {
      'text/calendar': {
        schema: { type: 'string', pattern: '^BEGIN:VCALENDAR\r\n', maxLength: 10_000_000 },
        example:
          'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//event-manager//events//EN\r\n' +
          'BEGIN:VEVENT\r\nUID:event-17@events.example.com\r\nSEQUENCE:2\r\n' +
          'DTSTAMP:20270201T120000Z\r\nDTSTART:20270301T170000Z\r\nDTEND:20270301T200000Z\r\n' +
          'SUMMARY:Rust meetup\r\nLOCATION:Berlin\r\nDESCRIPTION:Talks and pizza\r\n' +
          'CATEGORIES:meetup\r\nURL;VALUE=URI:https://events.example.com/events/17\r\n' +
          'STATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      },
    },
  });

/**
 * iCalendar (RFC 5545) documents: one event for "add to calendar", and a secret feed address per
 * user that calendar apps subscribe to without a bearer token.
 */
@ApiTags('calendar')
@ApiProblems('INTERNAL', 'SERVICE_UNAVAILABLE')
@Controller({ version: '1' })
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  @Get('events/:id/calendar')
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @EVENT_ID
  @ApiOperation({
    summary: 'One event as an iCalendar document ("add to calendar")',
    description:
      'One VEVENT: stable `UID` `event-<id>@<host of PUBLIC_URL>`, `URL` under `PUBLIC_URL`, `SEQUENCE` = version − 1, times in UTC, ' +
      '`STATUS` CANCELLED for a cancelled event, TENTATIVE while the caller waits for a spot, ' +
      'else CONFIRMED.',
  })
  @ApiProduces('text/calendar')
  @ApiCalendar('The event as `text/calendar; charset=utf-8`')
  @ApiProblems('UNAUTHENTICATED', 'VALIDATION_FAILED', 'EVENT_NOT_FOUND')
  @Header('Content-Type', CALENDAR_TYPE)
  event(
    @EventId() id: number,
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<string> {
    return this.calendars.event(id, caller, now);
  }

  @Post('users/me/calendar-feed')
  @UseGuards(JwtAuthGuard, NoBodyGuard)
  @ApiBearerAuth()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create or rotate the caller’s secret calendar-feed address',
    description:
      'The address carries a token of 256 random bits (only its hash is stored) and needs no ' +
      '`Authorization`: treat it as a password. Calling this again rotates it; the old address ' +
      'stops working at once. Takes no body.',
  })
  @ApiProblems('UNAUTHENTICATED', 'VALIDATION_FAILED')
  createFeed(
    @CurrentUser() caller: AuthUser,
    @RequestTime() now: number,
  ): Promise<CalendarFeedDto> {
    return this.calendars.createFeed(caller, now);
  }

  @Delete('users/me/calendar-feed')
  @HttpCode(204)
  @UseGuards(JwtAuthGuard, NoBodyGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Turn the caller’s calendar feed off',
    description: 'Its address answers 404 from then on. Idempotent. Takes no body.',
  })
  @ApiProblems('UNAUTHENTICATED', 'VALIDATION_FAILED')
  deleteFeed(@CurrentUser() caller: AuthUser): Promise<void> {
    return this.calendars.deleteFeed(caller);
  }

  @Get('calendar-feeds/:token')
  @AcceptsAnyQuery()
  @ApiParam({
    name: 'token',
    description:
      'The secret part of the address `POST /users/me/calendar-feed` answered. A credential in ' +
      'the URL on purpose (`owasp:api2:2023-no-credentials-in-url` does not apply): calendar ' +
      'apps subscribe to an address and cannot send a header. 256 random bits, stored hashed, ' +
      'rotatable, left out of request logs.',
    schema: { type: 'string', pattern: '^[1-9][0-9]{0,9}\\.[A-Za-z0-9_-]{43}$', maxLength: 54 },
  })
  @ApiOperation({
    summary: 'A user’s calendar feed (the token is the credential)',
    description:
      'The events the user attends, waits for (STATUS:TENTATIVE) or organises, up to 30 days ' +
      'after they ended. No `Authorization`; query parameters are ignored (calendar apps add ' +
      'their own). Cached privately for 5 minutes. The token in the address is the credential ' +
      '(`owasp:api2:2023-read-restricted` and `owasp:api8:2023-define-error-responses-401` do ' +
      'not apply): an unknown, rotated or malformed one is the same 404, so there is neither a ' +
      '401 nor a 400 (`owasp:api8:2023-define-error-validation` does not apply). Not rate ' +
      'limited (`owasp:api4:2023-rate-limit` and `owasp:api4:2023-rate-limit-responses-429` do ' +
      'not apply): calendar apps poll it unattended, often many behind one address, and a ' +
      'guess at 256 random bits cannot succeed.',
  })
  @ApiProduces('text/calendar')
  @ApiCalendar('The feed as `text/calendar; charset=utf-8`')
  @ApiProblems('CALENDAR_FEED_NOT_FOUND')
  @Header('Content-Type', CALENDAR_TYPE)
  @Header('Cache-Control', 'private, max-age=300')
  feed(@Param('token') token: string, @RequestTime() now: number): Promise<string> {
    return this.calendars.feed(token, now);
  }
}
