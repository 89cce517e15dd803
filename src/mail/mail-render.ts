import { CalendarEntry, CalendarSite, toICalendar } from '../calendar/icalendar';
import { withoutControls } from '../common/validation/storable-text';
import type { MessageDetail, MessageEvent } from '../outbox/outbox';
import type { RegistrationStatus } from '../events/registrations.repository';
import { apiStatus } from '../events/event-row';
import { MailKind } from './mail-kinds';

/** What a message says, as its stored body and detail hold it. */
export interface MailContext {
  kind: MailKind;
  type: string;
  /** the message's timestamp, epoch ms */
  at: number;
  event?: MessageEvent;
  detail?: MessageDetail;
}

/** Who a mail goes to, with their place on the event when it has one. */
export interface Recipient {
  id: number;
  username: string;
  email: string;
  status: RegistrationStatus | null;
}

const FIELD_NAMES: Record<string, string> = {
  name: 'the name',
  startsAt: 'the start',
  endsAt: 'the end',
  location: 'the place',
};

/** One line of user text: a header never gets a line end or a control character from it. */
const oneLine = (text: string): string =>
  withoutControls(text)
    .replace(/[\r\n\t]+/g, ' ')
    .trim();

/** One formatter per zone (there are a few hundred): a fan-out to 1,000 people builds one. */
const formats = new Map<string, Intl.DateTimeFormat>();

function when(event: MessageEvent, timeZone: string): string {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone });
    formats.set(timeZone, format);
  }
  return `${format.format(new Date(event.startsAt))} to ${format.format(new Date(event.endsAt))} (${timeZone})`;
}

/** The subject: the kind's, then the event's name (mails about an event). */
export function mailSubject(context: MailContext): string {
  const { kind, event } = context;
  return event ? `${kind.subject}: ${oneLine(event.name)}` : kind.subject;
}

/** The `text/plain` body: what happened, the event and a link to it in the web app. */
export function mailBody(context: MailContext, recipient: Recipient, site: CalendarSite): string {
  const { kind, event, detail } = context;
  const lines = [`Hi ${recipient.username},`, '', kind.lead];
  const changed = detail?.changed?.map((field) => FIELD_NAMES[field] ?? field);
  if (changed && changed.length > 0) lines.push(`What changed: ${changed.join(', ')}.`);
  if (detail?.reason) lines.push(`Reason given: ${detail.reason}`);
  if (event) {
    lines.push('', event.name);
    if (detail) lines.push(`When: ${when(event, detail.timeZone)}`);
    if (detail?.location) lines.push(`Where: ${detail.location}`);
    lines.push('', `${site.origin}/events/${event.id}`);
  }
  lines.push('', '-- ', 'Sent automatically by Event manager.');
  if (kind.audience !== 'account') {
    lines.push(`To stop these mails, turn them off on your account page: ${site.origin}/account`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The `.ics` the mail carries, from the calendar writer: the event as the change left it (same
 * `UID`; `SEQUENCE` from its version; a deleted event one higher, so calendars take its
 * cancellation over what they hold).
 */
export function mailCalendar(
  context: MailContext,
  recipient: Recipient,
  site: CalendarSite,
): string | null {
  const { kind, event, detail, at } = context;
  if (kind.attachment === null || !event || !detail) return null;
  const cancelled = kind.attachment === 'cancelled';
  const atIso = new Date(at).toISOString();
  const place = kind.attachment === 'registration' ? recipient.status : 'attending';
  const entry: CalendarEntry = {
    id: event.id,
    name: event.name,
    description: detail.description,
    location: detail.location,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    category: detail.category as CalendarEntry['category'],
    version: context.type === 'event.deleted' ? event.version + 1 : event.version,
    cancelledAt: cancelled ? atIso : null,
    updatedAt: atIso,
    registrationStatus: place === null ? null : apiStatus(place),
  };
  return toICalendar([entry], site, event.name);
}
