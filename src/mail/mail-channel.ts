import { Inject, Injectable } from '@nestjs/common';
import { CalendarSite } from '../calendar/icalendar';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env.schema';
import { batches } from '../database/batches';
import { Queries } from '../database/database';
import { join, sql } from '../database/sql';
import type { Message, MessageDetail, MessageEvent, MessageUser } from '../outbox/outbox';
import type { StoredMessage } from '../outbox/outbox-relay';
import { MAIL_KINDS } from './mail-kinds';
import { MailContext, mailBody, mailCalendar, mailSubject, Recipient } from './mail-render';
import { MailsRepository, NewMail } from './mails.repository';

interface Person extends Recipient {
  emailNotifications: number;
}

const PERSON = sql`u.id AS id, u.username AS username, u.email AS email,
  u.email_notifications AS "emailNotifications"`;

/** Users per `IN (…)`: within both databases' limits on bound parameters. */
const USERS_PER_READ = 500;

interface Parsed {
  stored: StoredMessage;
  context: MailContext;
  user?: MessageUser;
}

/**
 * The mail side of the outbox: turns each recorded message into one rendered mail per person it
 * concerns (the contract's mail table, `MAIL_KINDS`), in the relay's transaction. Who gets a mail
 * is decided here, after commit, so a change with a thousand attendees costs its request no more
 * than one with ten. Rendering here too (subject, body, `.ics`) keeps every retry identical.
 */
@Injectable()
export class MailChannel {
  private readonly site: CalendarSite;
  private readonly leadMs: number;

  constructor(
    private readonly mails: MailsRepository,
    @Inject(ENV) env: Env,
  ) {
    this.site = { origin: env.publicUrl, host: new URL(env.publicUrl).hostname };
    this.leadMs = env.reminderLead * 1000;
  }

  async fanOut(tx: Queries, messages: readonly StoredMessage[], now: number): Promise<void> {
    const parsed = messages.flatMap((stored) => this.parse(stored));
    if (parsed.length === 0) return;
    // The people messages name (a registration's user, those a change took off the event), in
    // one read; everyone registered for an event, per event message.
    const named = await this.people(tx, [
      ...new Set(
        parsed.flatMap(({ user, context }) => [
          ...(user ? [user.id] : []),
          ...(context.detail?.removed ?? []),
        ]),
      ),
    ]);
    const mails: NewMail[] = [];
    for (const message of parsed) {
      const { kind } = message.context;
      // The `.ics` depends only on the person's place: written once per place, not per person.
      const calendars = new Map<string | null, string | null>();
      for (const person of await this.recipients(tx, message, named)) {
        if (kind.audience !== 'account' && person.emailNotifications !== 1) continue;
        mails.push(this.render(message, person, calendars));
      }
    }
    await this.mails.insert(tx, mails, now);
  }

  private parse(stored: StoredMessage): Parsed[] {
    const kind = MAIL_KINDS[stored.type as Message['type']];
    if (!kind) return [];
    const body = JSON.parse(stored.payload) as {
      timestamp: string;
      data: { event?: MessageEvent; user?: MessageUser };
    };
    const detail =
      stored.detail === null ? undefined : (JSON.parse(stored.detail) as MessageDetail);
    if (kind.sends && !kind.sends(detail)) return [];
    const context: MailContext = {
      kind,
      type: stored.type,
      at: Date.parse(body.timestamp),
      event: body.data.event,
      detail,
    };
    return [{ stored, context, user: body.data.user }];
  }

  private async recipients(
    tx: Queries,
    { context, user }: Parsed,
    named: Map<number, Person>,
  ): Promise<Person[]> {
    const { kind, event, detail } = context;
    if (kind.audience === 'user' || kind.audience === 'account') {
      const person = user && named.get(user.id);
      return person ? [{ ...person, status: 'attending' }] : [];
    }
    if (!event) return [];
    const registered =
      kind.audience === 'reminded'
        ? await tx.all<Person>(
            sql`SELECT ${PERSON}, r.status AS status FROM registrations r
                JOIN users u ON u.id = r.user_id
                WHERE r.event_id = ${event.id} AND r.status = 'attending'
                  AND r.created_at <= ${Date.parse(event.startsAt) - this.leadMs}`,
          )
        : await tx.all<Person>(
            sql`SELECT ${PERSON}, r.status AS status FROM registrations r
                JOIN users u ON u.id = r.user_id
                WHERE r.event_id = ${event.id} AND r.status IN ('attending', 'waiting')`,
          );
    const removed = (detail?.removed ?? []).flatMap((id) => named.get(id) ?? []);
    const seen = new Set(registered.map((person) => person.id));
    return [...registered, ...removed.filter((person) => !seen.has(person.id))];
  }

  private async people(tx: Queries, ids: number[]): Promise<Map<number, Person>> {
    const people = new Map<number, Person>();
    for (const batch of batches(ids, USERS_PER_READ)) {
      const rows = await tx.all<Person>(
        sql`SELECT ${PERSON}, NULL AS status FROM users u
            WHERE u.id IN (${join(
              batch.map((id) => sql`${id}`),
              ', ',
            )})`,
      );
      for (const row of rows) people.set(row.id, row);
    }
    return people;
  }

  private render(
    { stored, context }: Parsed,
    person: Person,
    calendars: Map<string | null, string | null>,
  ): NewMail {
    const recipient: Recipient = {
      id: person.id,
      username: person.username,
      email: person.email,
      status: person.status,
    };
    if (!calendars.has(person.status)) {
      calendars.set(person.status, mailCalendar(context, recipient, this.site));
    }
    return {
      messageId: `<${stored.messageId}.${person.id}@${this.site.host}>`,
      outboxMessageId: stored.messageId,
      userId: person.id,
      recipient: person.email,
      subject: mailSubject(context),
      body: mailBody(context, recipient, this.site),
      ics: calendars.get(person.status) ?? null,
    };
  }
}
