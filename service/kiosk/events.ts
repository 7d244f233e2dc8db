import type { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../core/api.js';
import type { Screen } from '../staff-access.js';

/**
 * Where an event began, for the screens it is shown at (service/screen-routing.ts): a call from a
 * screen (a badge typed or scanned there, staff at the desk), or a reader's tap, with the name of
 * the screen that reader belongs to (null: none); or `after` one: staff's decision on a denial goes
 * back where the denial was shown. An event without one (a reader's health, the list changed) is
 * for every screen.
 */
export type EventOrigin = { screen: Screen } | { reader: string; shownAt: string | null } | { after: EventOrigin };

/** What the kiosk tells the screens (core/api.ts EVENTS), one emitter shared by the domain services. */
export type KioskEvents = EventEmitter<{ [E in EventName]: [EventPayload<E>, EventOrigin?] }>;
