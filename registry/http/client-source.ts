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
 * The source a client is counted as (its sign-in tries, its open connections): an IPv4 address,
 * or an IPv6 /64 (one household or server gets a whole /64, so counting single IPv6 addresses
 * would let one client take turns).
 */
export function clientSource(remoteAddress: string | undefined): string {
  const address = (remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const groups = address.includes(':') ? ipv6Groups(address.replace(/%.*$/, '')) : null;
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}
