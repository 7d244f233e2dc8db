import type { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../core/api.js';

/** What the kiosk tells every screen (core/api.ts EVENTS), one emitter shared by the domain services. */
export type KioskEvents = EventEmitter<{ [E in EventName]: [EventPayload<E>] }>;
