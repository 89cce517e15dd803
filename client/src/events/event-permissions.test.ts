import { describe, expect, it } from 'vitest';
// The server's table as text: importing it would pull Nest's error classes into the browser build.
import serverAccess from '../../../src/access/event-access.ts?raw';
import { can, PERMISSIONS, type EventAction, type EventRole } from './event-permissions';

/** `action: ['role', …],` lines of the server's PERMISSIONS object. */
function serverTable(): Record<string, string[]> {
  const body = /PERMISSIONS[^=]*=\s*\{([^}]*)\}/.exec(serverAccess)?.[1] ?? '';
  const table: Record<string, string[]> = {};
  for (const [, action, roles] of body.matchAll(/(\w+):\s*\[([^\]]*)\]/g)) {
    table[action!] = [...roles!.matchAll(/'(\w+)'/g)].map((m) => m[1]!);
  }
  return table;
}

const allows = (myRole: EventRole | null, action: EventAction) => can({ myRole }, action);

describe('event permissions', () => {
  it('mirrors every row of the server table but `see` (drafts are the server’s business)', () => {
    const server = serverTable();
    expect(Object.keys(server)).toContain('edit');
    delete server.see;
    expect(PERMISSIONS).toEqual(server);
  });

  it('lets the owner do everything', () => {
    for (const action of Object.keys(PERMISSIONS) as EventAction[]) {
      expect(allows('owner', action)).toBe(true);
    }
  });

  it('lets a cohost do all but delete the event and manage hosts', () => {
    expect(allows('cohost', 'edit')).toBe(true);
    expect(allows('cohost', 'cancel')).toBe(true);
    expect(allows('cohost', 'publish')).toBe(true);
    expect(allows('cohost', 'exportAttendees')).toBe(true);
    expect(allows('cohost', 'delete')).toBe(false);
    expect(allows('cohost', 'manageHosts')).toBe(false);
  });

  it('lets a checker read the attendees and the hosts, nothing else', () => {
    const allowed = (Object.keys(PERMISSIONS) as EventAction[]).filter((a) => allows('checker', a));
    expect(allowed.sort()).toEqual(['checkIn', 'listHosts', 'readAttendees']);
  });

  it('lets someone without a role do nothing', () => {
    for (const action of Object.keys(PERMISSIONS) as EventAction[]) {
      expect(allows(null, action)).toBe(false);
    }
  });
});
