import type { Screen } from '../staff-access.js';
import type { EventOrigin } from './events.js';

/** Where the latest denials were shown, so staff's decision on one goes back to that screen (service/screen-routing.ts). */
export class DenialOrigins {
  private readonly byVisit = new Map<number, EventOrigin>();

  /** The last `keep` are enough: only today's denials are overridden, mostly within a minute. */
  constructor(private readonly keep = 100) {}

  shown(visitId: number, origin: EventOrigin): void {
    this.byVisit.set(visitId, origin);
    if (this.byVisit.size > this.keep) this.byVisit.delete(this.byVisit.keys().next().value!);
  }

  /** The origin of staff's decision made at `screen` on a denial (null: none): after the denial's own, when it is remembered. */
  decided(visitId: number | null, screen: Screen | undefined): EventOrigin | undefined {
    const denial = visitId === null ? undefined : this.byVisit.get(visitId);
    return denial ? { after: denial } : screen && { screen };
  }
}
