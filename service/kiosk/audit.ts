import { APP_WINDOW } from '../../core/readers.js';
import { auditTrail } from '../../db/audit.js';
import type { Db } from '../../db/open.js';
import type { Actor } from '../sessions.js';
import type { Screen } from '../staff-access.js';

/** Appends one entry to the audit trail; called inside the write it describes. */
export type AuditRecord = (actor: Actor, action: string, detail: unknown) => void;

export function recorder(db: Db, now: () => Date): AuditRecord {
  const audit = auditTrail(db);
  return (actor, action, detail) =>
    audit.append(now().toISOString(), actor.staffId === null ? actor.name : `${actor.name} (#${actor.staffId})`, action, detail);
}

/** The kiosk itself, for what it does on its own schedule (retention, sync, flood records). */
export const SYSTEM: Actor = { staffId: null, name: 'the kiosk', role: 'manager' };

/** Whoever runs the command line on the kiosk's machine: they hold the database file itself. */
export const LOCAL: Actor = { staffId: null, name: 'command line', role: 'manager' };

/** The Electron app's own window: a screen of the kiosk's machine, named `app` for the readers at it. */
export const KIOSK_WINDOW: Screen = { id: 'the kiosk window', local: true, name: APP_WINDOW };

/** A screen nobody has signed in at, as the audit trail names it. */
export function screenActor(screen: Screen): Actor {
  return { staffId: null, name: screen.id, role: 'kiosk' };
}
