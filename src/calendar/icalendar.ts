import ical, { escape, ICalEventStatus } from 'ical-generator';
import { withoutControls } from '../common/validation/storable-text';
import type { EventResponseDto } from '../events/dto/event-response.dto';

/** Where the documents point: the configured `PUBLIC_URL`, never a request's `Host` header. */
export interface CalendarSite {
  /** `https://events.example.com`: the web app's event pages live under it */
  origin: string;
  /** `events.example.com`: the domain of every `UID` */
  host: string;
}

/** What a calendar shows of an event: the API's own event, as its viewer sees it. */
export type CalendarEntry = Pick<
  EventResponseDto,
  | 'id'
  | 'name'
  | 'description'
  | 'location'
  | 'startsAt'
  | 'endsAt'
  | 'category'
  | 'version'
  | 'cancelledAt'
  | 'updatedAt'
  | 'registrationStatus'
>;

/**
 * The one path every user text takes into a document. RFC 5545 allows no control character but
 * tab in a content line; input refuses them, and text stored before that rule loses them here.
 * Line ends stay: the TEXT escaping turns them into `\n`.
 */
const plain = (text: string): string => withoutControls(text);
const plainOrNull = (text: string | null): string | null => (text === null ? null : plain(text));

/**
 * A cancelled event is CANCELLED for everyone; a place on its waiting list is TENTATIVE (the
 * person may or may not get in); anything else the calendar holds is CONFIRMED.
 */
function statusOf(entry: CalendarEntry): ICalEventStatus {
  if (entry.cancelledAt !== null) return ICalEventStatus.CANCELLED;
  return entry.registrationStatus === 'waitlisted'
    ? ICalEventStatus.TENTATIVE
    : ICalEventStatus.CONFIRMED;
}

/**
 * An RFC 5545 document with one VEVENT per entry, written by ical-generator (CRLF line ends,
 * folding at 75 octets without splitting a UTF-8 character, TEXT escaping). `UID` is stable per
 * event, `SEQUENCE` is `version - 1` (so a cancellation or an edit supersedes what a calendar
 * holds), `DTSTAMP` is the event's last change (polling the feed does not churn every event), and
 * times are UTC.
 */
export function toICalendar(entries: CalendarEntry[], site: CalendarSite, name: string): string {
  const calendar = ical({
    prodId: { company: 'event-manager', product: 'events', language: 'EN' },
    // ical-generator writes NAME and X-WR-CALNAME as given (it escapes event properties only):
    // unescaped, a name with a line end would add properties, even whole VEVENTs, to the document.
    name: escape(plain(name), false),
  });
  for (const entry of entries) {
    calendar.createEvent({
      id: `event-${entry.id}@${site.host}`,
      sequence: entry.version - 1,
      stamp: new Date(entry.updatedAt),
      start: new Date(entry.startsAt),
      end: new Date(entry.endsAt),
      summary: plain(entry.name),
      description: plainOrNull(entry.description),
      location: plainOrNull(entry.location),
      categories: [{ name: entry.category }],
      status: statusOf(entry),
      url: `${site.origin}/events/${entry.id}`,
    });
  }
  // Every content line ends with CRLF (RFC 5545 §3.1), the last one too; ical-generator leaves
  // the final END:VCALENDAR bare.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
