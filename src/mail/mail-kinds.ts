import type { Message, MessageDetail } from '../outbox/outbox';

/**
 * Who a mail goes to:
 * - `user`: the person the message is about (a registration, a request, a place in line);
 * - `registered`: everyone attending or waiting, and those the change took off the event;
 * - `reminded`: attendees who registered before the reminder moment;
 * - `account`: the user, whatever their mail preference (the password-change mail).
 */
export type Audience = 'user' | 'registered' | 'reminded' | 'account';

/**
 * The `.ics` a mail carries: `attending` (a CONFIRMED entry), `registration` (CONFIRMED or, for
 * someone waiting, TENTATIVE), `cancelled` (STATUS:CANCELLED), or none.
 */
export type Attachment = 'attending' | 'registration' | 'cancelled' | null;

export interface MailKind {
  audience: Audience;
  /** whether this message sends mail at all (default: always) */
  sends?: (detail: MessageDetail | undefined) => boolean;
  attachment: Attachment;
  subject: string;
  /** the first sentence of the body */
  lead: string;
}

/**
 * The contract's mail table, one row per message type that sends mail; a type not here sends
 * none (`event.created`, `event.published`, `registration.cancelled`, `waitlist.left`,
 * `checkin.created`).
 */
export const MAIL_KINDS: Partial<Record<Message['type'], MailKind>> = {
  'registration.created': {
    audience: 'user',
    attachment: 'attending',
    subject: "You're registered",
    lead: 'You are registered for this event. The attached calendar entry adds it to your calendar.',
  },
  'registration.requested': {
    audience: 'user',
    attachment: null,
    subject: 'Request received',
    lead: 'We received your request to attend. The hosts will approve or decline it; you will get a mail either way.',
  },
  'registration.approved': {
    audience: 'user',
    attachment: 'attending',
    subject: 'Request approved',
    lead: 'Your request was approved: you are attending. The attached calendar entry adds it to your calendar.',
  },
  'registration.declined': {
    audience: 'user',
    attachment: null,
    subject: 'Request declined',
    lead: 'Your request to attend was declined by the hosts.',
  },
  'waitlist.joined': {
    audience: 'user',
    attachment: null,
    subject: 'On the waiting list',
    lead: 'The event is full, so you are on its waiting list. If a spot frees up you get it automatically, and a mail.',
  },
  'waitlist.promoted': {
    audience: 'user',
    attachment: 'attending',
    subject: 'You got a spot',
    lead: 'A spot freed up and it is yours: you are now attending. The attached calendar entry adds it to your calendar.',
  },
  'event.updated': {
    audience: 'registered',
    // Only the name, the times or the place: what a calendar entry and a plan depend on.
    sends: (detail) => (detail?.changed?.length ?? 0) > 0,
    attachment: 'registration',
    subject: 'Changed',
    lead: 'The event changed. The attached calendar entry updates your calendar.',
  },
  'event.cancelled': {
    audience: 'registered',
    attachment: 'cancelled',
    subject: 'Cancelled',
    lead: 'The event was cancelled. The attached calendar entry removes it from your calendar.',
  },
  'event.deleted': {
    audience: 'registered',
    attachment: 'cancelled',
    subject: 'Deleted',
    lead: 'The event was deleted by its organiser. The attached calendar entry removes it from your calendar.',
  },
  'event.reminder': {
    audience: 'reminded',
    attachment: 'attending',
    subject: 'Reminder',
    lead: 'A reminder: you are attending this event.',
  },
  'account.password_changed': {
    audience: 'account',
    attachment: null,
    subject: 'Your password was changed',
    lead: 'The password of your account was just changed, and your other sessions were signed out. If you did not do this, reset your password and contact the administrators at once.',
  },
};
