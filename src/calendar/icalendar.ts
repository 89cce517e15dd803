import ical, { ICalEventStatus } from 'ical-generator';
import { CalendarEntry } from './calendar.repository';

/** Where the documents point: the server's origin as the client reached it, and its host name. */
export interface CalendarSite {
  /** `https://events.example.com`: the web app's event pages live under it */
  origin: string;
  /** `events.example.com`: the domain of every `UID` */
  host: string;
}

/**
 * A cancelled event is CANCELLED for everyone; a place on its waiting list is TENTATIVE (the
 * person may or may not get in); anything else the calendar holds is CONFIRMED.
 */
function statusOf(entry: CalendarEntry): ICalEventStatus {
  if (entry.cancelled_at !== null) return ICalEventStatus.CANCELLED;
  return entry.status === 'waiting' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED;
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
    name,
  });
  for (const entry of entries) {
    calendar.createEvent({
      id: `event-${entry.id}@${site.host}`,
      sequence: entry.version - 1,
      stamp: new Date(entry.updated_at),
      start: new Date(entry.starts_at),
      end: new Date(entry.ends_at),
      summary: entry.name,
      description: entry.description,
      location: entry.location,
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
