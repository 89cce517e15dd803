import { Injectable } from '@nestjs/common';
import { requireAccess } from '../access/event-access';
import { AuthUser } from '../auth/auth-user';
import { ValidationFailedError } from '../common/errors/domain-error';
import { EventGuardRow } from '../events/events.repository';
import { accessOf } from '../events/guards/event-loader';
import { UsersRepository } from '../users/users.repository';
import { UserNotFoundError } from '../users/users.errors';
import { HostDto, HostListDto, PutHostDto } from './dto/host.dto';
import { HostRow, HostsRepository } from './hosts.repository';

const toHost = (row: HostRow): HostDto => ({
  user: { id: row.userId, username: row.username },
  role: row.role,
  addedAt: new Date(row.addedAt).toISOString(),
});

/** Who runs an event beside its owner. The guard has checked `listHosts` or `manageHosts`. */
@Injectable()
export class HostsService {
  constructor(
    private readonly hosts: HostsRepository,
    private readonly users: UsersRepository,
  ) {}

  async list(event: EventGuardRow): Promise<HostListDto> {
    return { items: (await this.hosts.list(event.id)).map(toHost) };
  }

  async put(event: EventGuardRow, userId: number, dto: PutHostDto, now: number): Promise<HostDto> {
    if (userId === event.ownerId) throw ownerIsNoHost();
    const user = await this.users.findById(userId);
    if (!user) throw new UserNotFoundError();
    // A user deleted meanwhile fails the insert's foreign key: nothing is written.
    const addedAt = await this.hosts.put(event.id, userId, dto.role, now);
    return toHost({ userId, username: user.username, role: dto.role, addedAt });
  }

  /** The owner removes anyone; a host may leave (remove themself) whatever their role. */
  async remove(event: EventGuardRow, userId: number, caller: AuthUser): Promise<void> {
    if (userId !== caller.id) requireAccess(accessOf(event, caller.isAdmin), 'manageHosts');
    if (userId === event.ownerId) throw ownerIsNoHost();
    await this.hosts.remove(event.id, userId);
  }
}

function ownerIsNoHost(): ValidationFailedError {
  return new ValidationFailedError([
    { field: 'userId', message: 'userId is the owner of the event, not a host' },
  ]);
}
