import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { InvalidCredentialsError } from '../auth/auth.errors';
import { AuthService } from '../auth/auth.service';
import { Database } from '../database/database';
import { AccountEvents } from '../events/account-events';
import { Metrics } from '../metrics/metrics.service';
import { UsersRepository } from '../users/users.repository';

/**
 * `DELETE /users/me`: the password is proven as a login proves it, then one transaction takes
 * the account and everything of it (see docs/data.md for the order). A failure anywhere rolls
 * all of it back: the account stays whole.
 */
@Injectable()
export class AccountDeletionService {
  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
    private readonly events: AccountEvents,
    private readonly metrics: Metrics,
  ) {}

  async delete(caller: AuthUser, password: string, now: number): Promise<void> {
    const user = await this.auth.proveOwnPassword(caller.id, password);
    const removed = await this.db.transaction(async (tx) => {
      // The password changed since it was verified: as wrong as a wrong one.
      if (!(await this.users.lockWithPassword(tx, user.id, user.passwordHash))) {
        throw new InvalidCredentialsError();
      }
      const removed = await this.events.removeAllOf(tx, user.id, now);
      await this.users.delete(tx, user.id);
      return removed;
    });
    this.metrics.cancelled(removed.cancelled);
    if (removed.promoted > 0) this.metrics.promoted(removed.promoted);
  }
}
