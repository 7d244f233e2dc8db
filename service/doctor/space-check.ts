import type { KioskInfo } from '../../core/api/kiosk-info.js';
import { isTimezone } from '../../core/calendar.js';
import { fail, pass, type CheckResult } from './check.js';

/** This kiosk's space: set, in the installed list, and in a timezone this system knows (days are counted in it). */
export function spaceCheck(spaceId: string | null, space: KioskInfo['space'], now: Date): CheckResult {
  if (!spaceId) return fail('space', "this kiosk's space is not set: visa-kiosk config set space.id SPACE_ID");
  if (!space) return fail('space', `space "${spaceId}" is not in the installed visa list`);
  if (!isTimezone(space.timezone)) {
    return fail('space', `${space.name}'s timezone "${space.timezone}" is not in this system's time zone database: its days cannot be counted`);
  }
  const local = now.toLocaleString('sv-SE', { timeZone: space.timezone, hour12: false }).slice(0, 16);
  return pass('space', `${space.name} (${space.city}), ${space.timezone}, local time ${local}`);
}
