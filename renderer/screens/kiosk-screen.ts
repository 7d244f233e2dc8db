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
  | { name: 'callTrying' }
  | { name: 'staffCalled' }
  | { name: 'callUnanswered' }
  | { name: 'callFailed' }
  | { name: 'tapNotSaved' }
  | { name: 'exitKiosk' }
  | { name: 'staffSignIn'; chosen?: StaffName }
  | { name: 'staff'; signedIn: SignedIn };

export const WELCOME: Screen = { name: 'welcome' };

/**
 * Whether a screen shows a tap by a reader that belongs to no screen (one that is `shared`):
 * not while its visitor is typing something a stranger's tap would wipe (the day-pass form, a
 * badge number, a PIN). Every screen is listed, so a new one must say.
 */
const TAKES_SHARED_TAPS: Record<Screen['name'], boolean> = {
  welcome: true,
  result: true,
  typeBadge: false,
  // A visitor holding a pass up to the camera.
  camera: false,
  guest: false,
  guestDone: true,
  // The visitor is waiting to hear whether anyone took the call.
  callTrying: false,
  callUnanswered: true,
  staffCalled: true,
  callFailed: true,
  tapNotSaved: true,
  exitKiosk: false,
  staffSignIn: false,
  staff: false,
};

export function takesSharedTap(screen: Screen): boolean {
  return TAKES_SHARED_TAPS[screen.name];
}
