/** How long an address may be in a log line. */
const MAX = 200;

/**
 * A request's address as the registry's log may keep it: a pass link's code and a pass carried in
 * a query are each a member's key to their pages (and the pass names them), so neither is written.
 */
export function loggedAddress(url: string | undefined): string {
  return String(url ?? '')
    .slice(0, MAX)
    .replace(/^(\/pass\/[^/?#]*\/[^/?#]*\/)[^/?#]+/, '$1…')
    .replace(/([?&]pass=)[^&#]*/gi, '$1…');
}
