/** The longest a source ever waits between sign-in tries: long enough to make guessing hopeless, short enough never to lock the coordinator out. */
export const MAX_DELAY_SECONDS = 60;

/** A source's failures are forgotten after a quiet day. */
export const FORGET_AFTER_MS = 24 * 3600 * 1000;

/** Seconds a source waits after `failures` wrong passwords in a row: none after one (a typo), then 1, 2, 4, 8 … up to a minute. */
export function delayAfter(failures: number): number {
  if (failures <= 1) return 0;
  return Math.min(MAX_DELAY_SECONDS, 2 ** (failures - 2));
}

/** Whole seconds the source must still wait at `nowMs`, 0 when it may try again. */
export function secondsToWait(failures: number, lastAtMs: number, nowMs: number): number {
  if (nowMs - lastAtMs >= FORGET_AFTER_MS) return 0;
  return Math.max(0, Math.ceil((lastAtMs + delayAfter(failures) * 1000 - nowMs) / 1000));
}

/** Expands an IPv6 address to its eight groups; null when it is not one. */
function ipv6Groups(address: string): string[] | null {
  const [head = '', tail, ...more] = address.split('::');
  if (more.length > 0) return null;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  return groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g)) ? groups.map((g) => g.toLowerCase().padStart(4, '0')) : null;
}

/**
 * The source a sign-in is counted against: an IPv4 address, or an IPv6 /64 (one household or
 * server gets a whole /64, so counting single IPv6 addresses would let one guesser take turns).
 */
export function signInSource(remoteAddress: string | undefined): string {
  const address = (remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const groups = address.includes(':') ? ipv6Groups(address.replace(/%.*$/, '')) : null;
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}
