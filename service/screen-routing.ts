import type { EventOrigin } from './kiosk/events.js';
import type { Screen } from './staff-access.js';

/** A connected screen, as routing sees it: which one it is, and whether staff are signed in at it. */
export interface Listener {
  screen: Screen;
  staff: boolean;
}

/**
 * How a screen hears an event. `own`: it is shown whatever the screen shows. `shared`: a tap by a
 * reader that belongs to no screen, shown only by a screen whose visitor is not in the middle of
 * something (renderer/screens/kiosk-screen.ts). null: not sent at all.
 */
export type Hearing = 'own' | 'shared' | null;

/**
 * Several screens at one desk: a check-in begun at a screen is shown there alone, a reader's tap at
 * the screen the reader belongs to (its `screen` setting), so one visitor's tap never wipes what
 * another is typing; staff overriding a denial are heard where the denial was. Staff screens hear
 * everything, as does every screen an event without an origin.
 */
export function hearing(origin: EventOrigin | undefined, listener: Listener): Hearing {
  if (!origin || listener.staff) return 'own';
  // By the time staff decide, that screen may have a new visitor: it shows the decision only if not in use.
  if ('after' in origin) return hearing(origin.after, listener) === null ? null : 'shared';
  if ('screen' in origin) return origin.screen === listener.screen ? 'own' : null;
  if (origin.shownAt === null) return 'shared';
  return origin.shownAt === listener.screen.name ? 'own' : null;
}
