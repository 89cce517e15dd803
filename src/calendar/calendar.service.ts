import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env.schema';
import { EventsService } from '../events/events.service';
import { CalendarFeedNotFoundError } from './calendar.errors';
import { CalendarRepository } from './calendar.repository';
import { CalendarSite, toICalendar } from './icalendar';

const DAY = 86_400_000;
/** The feed keeps events that ended up to this long ago. */
const FEED_HISTORY = 30 * DAY;
/** 256 bits from the CSPRNG. */
const SECRET_BYTES = 32;
/** `<userId>.<secret>`: the secret is 43 base64url characters. */
const TOKEN = /^([1-9]\d{0,9})\.([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export interface CalendarFeedAddress {
  url: string;
  createdAt: string;
}

/** Calendar documents: one event for a signed-in user, or the secret feed of a user's events. */
@Injectable()
export class CalendarService {
  /** Links and UIDs come from `PUBLIC_URL`: a request's `Host` header is the client's to choose. */
  private readonly site: CalendarSite;

  constructor(
    private readonly calendars: CalendarRepository,
    private readonly events: EventsService,
    @Inject(ENV) env: Env,
  ) {
    this.site = { origin: env.publicUrl, host: new URL(env.publicUrl).hostname };
  }

  /** The event as the caller may see it (a draft they may not see is a 404). */
  async event(eventId: number, caller: AuthUser, now: number): Promise<string> {
    const event = await this.events.get(eventId, caller, now);
    return toICalendar([event], this.site, event.name);
  }

  /** A new secret address (the old one, if any, stops working at once). */
  async createFeed(user: AuthUser, now: number): Promise<CalendarFeedAddress> {
    const secret = randomBytes(SECRET_BYTES).toString('base64url');
    await this.calendars.saveFeed(user.id, sha256(secret).toString('hex'), now);
    return {
      url: `${this.site.origin}/api/v1/calendar-feeds/${user.id}.${secret}`,
      createdAt: new Date(now).toISOString(),
    };
  }

  deleteFeed(user: AuthUser): Promise<void> {
    return this.calendars.deleteFeed(user.id);
  }

  /**
   * The feed behind a token: the user's row read by primary key, then the secret's hash compared
   * in constant time. Any mismatch, malformed or unknown token is the same 404.
   */
  async feed(token: string, now: number): Promise<string> {
    const match = TOKEN.exec(token);
    if (!match) throw new CalendarFeedNotFoundError();
    const userId = Number(match[1]);
    const stored = await this.calendars.feedHash(userId);
    if (!stored || !timingSafeEqual(Buffer.from(stored, 'hex'), sha256(match[2]!))) {
      throw new CalendarFeedNotFoundError();
    }
    const entries = await this.events.feed(userId, now - FEED_HISTORY, now);
    return toICalendar(entries, this.site, 'My events');
  }
}
