import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { SessionsService } from '../auth/sessions.service';
import { UnauthenticatedError } from '../common/errors/domain-error';
import { Database } from '../database/database';
import { apiStatus, toEventResponse } from '../events/event-row';
import { eventStatus } from '../events/event-state';
import { HostDto } from '../hosts/dto/host.dto';
import { parseStoredAnswers } from '../questions/answers';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { UsersService } from '../users/users.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { AccountExportRepository, HeldRegistrationRow } from './account-export.repository';
import { AccountExportDto, ExportedRegistrationDto } from './dto/account-export.dto';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/**
 * `GET /users/me/export`: the user's data as the API shows each part elsewhere (the user, events,
 * sessions and webhooks through their own mappers), so a secret kept out of one answer is kept
 * out of the export too.
 */
@Injectable()
export class AccountExportService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly reads: AccountExportRepository,
    private readonly sessions: SessionsService,
    private readonly webhooks: WebhooksService,
  ) {}

  async export(caller: AuthUser, now: number): Promise<AccountExportDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new UnauthenticatedError();
    const data = await this.db.snapshot(async (tx) => ({
      events: await this.reads.ownedEvents(tx, caller),
      hosts: await this.reads.hostsOfOwned(tx, caller.id),
      registrations: await this.reads.registrations(tx, caller.id),
      feedCreatedAt: await this.reads.feedCreatedAt(tx, caller.id),
    }));
    const hosts = new Map<number, HostDto[]>();
    for (const { eventId, userId, username, role, addedAt } of data.hosts) {
      const list = hosts.get(eventId) ?? [];
      list.push({ user: { id: userId, username }, role, addedAt: iso(addedAt) });
      hosts.set(eventId, list);
    }
    const owner = { user: { id: user.id, username: user.username }, role: 'owner' as const };
    return {
      user: UserResponseDto.from(user),
      events: data.events.map((row) => ({
        ...toEventResponse(row, caller, now),
        hosts: [{ ...owner, addedAt: iso(row.created_at) }, ...(hosts.get(row.id) ?? [])],
      })),
      registrations: data.registrations.map((row) => toRegistration(row, now)),
      sessions: (await this.sessions.list(caller, now)).items,
      webhooks: (await this.webhooks.list(caller.id)).items,
      calendarFeed:
        data.feedCreatedAt === undefined ? null : { createdAt: iso(data.feedCreatedAt) },
    };
  }
}

function toRegistration(row: HeldRegistrationRow, now: number): ExportedRegistrationDto {
  return {
    event: {
      id: row.eventId,
      name: row.name,
      startsAt: iso(row.startsAt),
      endsAt: iso(row.endsAt),
      status: eventStatus({ ...row, published: row.published === 1 }, now),
    },
    status: apiStatus(row.status),
    registeredAt: iso(row.registeredAt),
    answers: parseStoredAnswers(row.answers),
    checkedInAt: isoOrNull(row.checkedInAt),
    declineReason: row.declineReason,
  };
}
