import type { CheckinResult, DayPassResult } from '../../core/api/checkin';
import type { SignedIn, StaffName } from '../../core/api/staff';

/** Which screen the kiosk shows, with what that screen needs. */
export type Screen =
  | { name: 'welcome' }
  | { name: 'result'; result: CheckinResult }
  | { name: 'typeBadge' }
  | { name: 'camera' }
  | { name: 'guest'; from: CheckinResult | null }
  | { name: 'guestDone'; pass: DayPassResult }
  | { name: 'staffCalled' }
  | { name: 'callFailed' }
  | { name: 'tapNotSaved' }
  | { name: 'exitKiosk' }
  | { name: 'staffSignIn'; chosen?: StaffName }
  | { name: 'staff'; signedIn: SignedIn };

export const WELCOME: Screen = { name: 'welcome' };
