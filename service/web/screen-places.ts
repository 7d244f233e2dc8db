import type { Screen } from '../staff-access.js';
import { MAX_SCREENS, MAX_SCREENS_PER_DEVICE, SCREENS_KEPT_FOR_THIS_COMPUTER } from './limits.js';

/**
 * Whether one more screen may open beside those open now (undefined: one still opening): at most
 * {@link MAX_SCREENS} in all; a device elsewhere holds at most {@link MAX_SCREENS_PER_DEVICE}, and
 * devices elsewhere together leave {@link SCREENS_KEPT_FOR_THIS_COMPUTER} places to this computer's own.
 */
export function roomForScreen(open: readonly (Pick<Screen, 'id' | 'local'> | undefined)[], next: Pick<Screen, 'id' | 'local'>): boolean {
  if (open.length >= MAX_SCREENS) return false;
  if (next.local) return true;
  const elsewhere = open.filter((screen) => screen !== undefined && !screen.local);
  return (
    elsewhere.length < MAX_SCREENS - SCREENS_KEPT_FOR_THIS_COMPUTER && elsewhere.filter((screen) => screen!.id === next.id).length < MAX_SCREENS_PER_DEVICE
  );
}
