import { Injectable } from '@nestjs/common';
import { toString as qrCode } from 'qrcode';
import { EventNotFoundError } from '../access/access.errors';
import { EventGuardRow, EventsRepository } from '../events/events.repository';
import { assertCheckInOpen, CheckInState } from './check-in-window';
import { CheckInResultDto, TicketDto } from './dto/ticket.dto';
import { hashTicketCode } from './ticket-code';
import { CheckInClosedError, TicketNotFoundError } from './tickets.errors';
import { TicketsRepository } from './tickets.repository';
import { Database } from '../database/database';
import { PersonMessages } from '../events/person-messages';

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const stateOf = (event: EventGuardRow): CheckInState => ({
  ...event,
  published: event.published === 1,
});

/** An attendee's ticket, and the door: checking tickets in (owner, cohosts, checkers). */
@Injectable()
export class TicketsService {
  constructor(
    private readonly db: Database,
    private readonly tickets: TicketsRepository,
    private readonly events: EventsRepository,
    private readonly people: PersonMessages,
  ) {}

  async ticket(eventId: number, userId: number): Promise<TicketDto> {
    const row = await this.tickets.ticketOf(eventId, userId);
    if (!row) throw new TicketNotFoundError();
    return { code: row.code, checkedInAt: isoOrNull(row.checkedInAt) };
  }

  /** The code as a QR code (SVG, error correction M: still readable when a little damaged). */
  async ticketSvg(eventId: number, userId: number): Promise<string> {
    const { code } = await this.ticket(eventId, userId);
    return qrCode(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  }

  /**
   * Checks a scanned code in: the first scan changes the row (`created`), any later one answers
   * when that was. The state is checked first (the early, clear answer), and the statement
   * re-checks it with the ticket, since the clock and the event move in between. The first scan
   * is told (`checkin.created`) in its own transaction.
   */
  async checkIn(
    event: EventGuardRow,
    scanned: string,
    now: number,
  ): Promise<{ created: boolean; result: CheckInResultDto }> {
    assertCheckInOpen(stateOf(event), now);
    const hash = hashTicketCode(scanned.trim());
    const created = await this.db.transaction(async (tx) => {
      const userId = await this.tickets.checkIn(tx, event.id, hash, now);
      if (userId === undefined) return false;
      await this.people.recordOne(tx, event.id, 'checkin.created', userId, now);
      return true;
    });
    const row = await this.tickets.scanned(event.id, hash);
    if (!row) throw new TicketNotFoundError();
    if (!created && row.checkedInAt === null) await this.whyNotCheckedIn(event.id, now);
    return {
      created,
      result: {
        user: { id: row.userId, username: row.username },
        checkedInAt: new Date(row.checkedInAt ?? now).toISOString(),
        alreadyCheckedIn: !created,
      },
    };
  }

  async undo(event: EventGuardRow, userId: number, now: number): Promise<void> {
    assertCheckInOpen(stateOf(event), now);
    if (!(await this.tickets.undo(event.id, userId))) throw new TicketNotFoundError();
  }

  /** A valid ticket that the statement did not check in: the event closed since the guard read it. */
  private async whyNotCheckedIn(eventId: number, now: number): Promise<never> {
    const event = await this.events.findForGuard(eventId, 0);
    if (!event) throw new EventNotFoundError();
    assertCheckInOpen(stateOf(event), now);
    throw new CheckInClosedError();
  }
}
