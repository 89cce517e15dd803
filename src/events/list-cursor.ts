import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ENV } from '../config/config.module';
import { Env } from '../config/env.schema';

/** Where a page ended: its last item's sort key (epoch ms, or the folded name) and id. */
export interface Position {
  key: number | string;
  id: number;
}

/** `<position>.<mac>`, both base64url; the MAC is a whole HMAC-SHA256 (43 characters). */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{43}$/;

/**
 * Opaque continuation tokens of the event list (the contract's "Paging"): the position after
 * which the next page starts, with an HMAC over it and the list's filter and sort. A cursor
 * altered in any byte, or presented with other filters or another sort, fails the MAC; nothing
 * else about it is trusted either (its position is type-checked before it reaches SQL).
 *
 * The key is derived from the access-token secret, which every instance shares: a cursor works
 * on any instance, and rotating that secret ends the cursors with the tokens. Cursors do not
 * expire: a position is not a grant, and the page it leads to is read with the caller's rights.
 */
@Injectable()
export class ListCursors {
  private readonly key: Buffer;

  constructor(@Inject(ENV) env: Env) {
    this.key = createHmac('sha256', env.jwtAccessSecret).update('events-cursor-v1').digest();
  }

  issue(filter: string, position: Position): string {
    const body = Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
    return `${body}.${this.mac(body, filter).toString('base64url')}`;
  }

  /** The position, or undefined when the cursor is not one issued for this filter and sort. */
  read(cursor: string, filter: string, keyKind: 'number' | 'string'): Position | undefined {
    if (!CURSOR_PATTERN.test(cursor)) return undefined;
    const [body, mac] = cursor.split('.') as [string, string];
    // Compared as text: base64url decoding ignores the unused low bits of the last character,
    // so another spelling of the same bytes would pass a comparison of the decoded MAC.
    const given = Buffer.from(mac);
    const expected = Buffer.from(this.mac(body, filter).toString('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
    const [key, id] = decoded as unknown[];
    const keyValid = keyKind === 'number' ? Number.isSafeInteger(key) : typeof key === 'string';
    if (!keyValid || !Number.isSafeInteger(id) || (id as number) < 1) return undefined;
    return { key: key as number | string, id: id as number };
  }

  private mac(body: string, filter: string): Buffer {
    return createHmac('sha256', this.key).update(`${body}\n${filter}`).digest();
  }
}
