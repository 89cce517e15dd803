import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { EventSort, EventStatus } from './dto/list-events-query.dto';
import { EventEntity, foldCase } from './entities/event.entity';
import { EVENT_ROW_SELECT, EventRow } from './event-row';

export interface EventFilter {
  ownerId?: number;
  attendeeId?: number;
  status?: EventStatus;
  startsAfter?: Date;
  startsBefore?: Date;
  q?: string;
  hasSpots?: boolean;
}

export interface PageRequest {
  sort: EventSort;
  limit: number;
  offset: number;
}

const SORT_COLUMNS: Record<string, string> = {
  startsAt: 'e.starts_at',
  createdAt: 'e.created_at',
  name: 'e.name_key',
};

/** `%`, `_` and the escape character itself are literal in `q`. */
function likePattern(q: string): string {
  return `%${foldCase(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Ids are `integer` columns, 32-bit on PostgreSQL, where comparing one with a larger number is an
 * error ("out of range for type integer"), not a miss. Such an id cannot exist: it matches nothing.
 */
const MAX_ID = 2_147_483_647;
const storable = (id: number) => id <= MAX_ID;

/** Event reads as raw rows: no entity hydration, no N+1 (one page = one query + one count). */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findPage(
    filter: EventFilter,
    page: PageRequest,
    viewerId: number,
    now: number,
  ): Promise<{ rows: EventRow[]; total: number }> {
    const where = this.filtered(filter, now);
    const direction = page.sort.startsWith('-') ? 'DESC' : 'ASC';
    const column = SORT_COLUMNS[page.sort.replace('-', '')] ?? 'e.starts_at';
    const [rows, count] = await Promise.all([
      where
        .clone()
        .innerJoin('users', 'o', 'o.id = e.owner_id')
        .select(EVENT_ROW_SELECT)
        .setParameter('viewerId', viewerId)
        .orderBy(column, direction)
        .addOrderBy('e.id', 'ASC')
        .limit(page.limit)
        .offset(page.offset)
        .getRawMany<EventRow>(),
      where.clone().select('COUNT(*)', 'total').getRawOne<{ total: number | string }>(),
    ]);
    return { rows, total: Number(count?.total ?? 0) };
  }

  async findRow(id: number, viewerId: number): Promise<EventRow | undefined> {
    if (!storable(id)) return undefined;
    return this.dataSource
      .createQueryBuilder()
      .from('events', 'e')
      .innerJoin('users', 'o', 'o.id = e.owner_id')
      .select(EVENT_ROW_SELECT)
      .where('e.id = :id', { id, viewerId })
      .getRawOne<EventRow>();
  }

  async findEntity(id: number): Promise<EventEntity | null> {
    if (!storable(id)) return null;
    return this.dataSource.getRepository(EventEntity).findOneBy({ id });
  }

  async attendees(eventId: number): Promise<{ id: number; username: string }[]> {
    if (!storable(eventId)) return [];
    const rows = await this.dataSource
      .createQueryBuilder()
      .from('registrations', 'r')
      .innerJoin('users', 'u', 'u.id = r.user_id')
      .select(['u.id AS id', 'u.username AS username'])
      .where('r.event_id = :eventId', { eventId })
      .orderBy('r.id', 'ASC')
      .getRawMany<{ id: number | string; username: string }>();
    return rows.map((row) => ({ id: Number(row.id), username: row.username }));
  }

  async insert(event: Omit<EventEntity, 'id' | 'attendeeCount'>): Promise<number> {
    const result = await this.dataSource.getRepository(EventEntity).insert(event);
    return Number((result.identifiers[0] as { id: number }).id);
  }

  /**
   * One conditional UPDATE: a new capacity applies only if it still holds every attendee at the
   * moment of writing, whatever registrations happened since the event was read.
   */
  async update(id: number, changes: Partial<EventEntity>): Promise<boolean> {
    const query = this.dataSource
      .createQueryBuilder()
      .update(EventEntity)
      .set(changes)
      .where('id = :id', { id });
    if (changes.capacity !== undefined && changes.capacity !== null) {
      query.andWhere('attendee_count <= :capacity', { capacity: changes.capacity });
    }
    const result = await query.execute();
    return result.affected === 1;
  }

  async delete(id: number): Promise<void> {
    await this.dataSource.getRepository(EventEntity).delete({ id });
  }

  private filtered(filter: EventFilter, now: number): SelectQueryBuilder<object> {
    const query = this.dataSource.createQueryBuilder().from('events', 'e').where('1 = 1');
    query.setParameter('now', now);
    const { ownerId, attendeeId } = filter;
    if ([ownerId, attendeeId].some((id) => id !== undefined && !storable(id))) {
      // A user that cannot exist owns and attends nothing; its id must not reach PostgreSQL.
      return query.andWhere('1 = 0');
    }
    if (filter.ownerId !== undefined) {
      query.andWhere('e.owner_id = :ownerId', { ownerId: filter.ownerId });
    }
    if (filter.attendeeId !== undefined) {
      query.andWhere(
        'EXISTS (SELECT 1 FROM registrations ra WHERE ra.event_id = e.id AND ra.user_id = :attendeeId)',
        { attendeeId: filter.attendeeId },
      );
    }
    if (filter.status === 'upcoming') query.andWhere('e.starts_at > :now');
    if (filter.status === 'ongoing') query.andWhere('e.starts_at <= :now AND e.ends_at > :now');
    if (filter.status === 'past') query.andWhere('e.ends_at <= :now');
    if (filter.startsAfter) {
      query.andWhere('e.starts_at >= :startsAfter', { startsAfter: filter.startsAfter.getTime() });
    }
    if (filter.startsBefore) {
      query.andWhere('e.starts_at <= :startsBefore', {
        startsBefore: filter.startsBefore.getTime(),
      });
    }
    if (filter.q !== undefined && filter.q !== '') {
      query.andWhere("e.search_text LIKE :pattern ESCAPE '\\'", { pattern: likePattern(filter.q) });
    }
    if (filter.hasSpots !== undefined) {
      const open = '(e.starts_at > :now AND (e.capacity IS NULL OR e.attendee_count < e.capacity))';
      query.andWhere(filter.hasSpots ? open : `NOT ${open}`);
    }
    return query;
  }
}
