/** The service's own words for a refusal; its errors are one plain line already. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when the service refused a call because no staff session holds the rights (locked, signed out). */
export function isForbidden(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'forbidden';
}

/** True when the service could not save what was asked (database locked, disk full). */
export function isNotSaved(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'not_saved';
}

/** True when the service refused a tap as one of too many at once (a stuck key, a flood of made-up badges). */
export function isRateLimited(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'rate_limited';
}

/** A screen past its day passes for visitors: not a moment's wait, the desk sells the next one. */
export function isDayPassLimit(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'day_pass_limit';
}

/** True when the screen could not reach the kiosk service at all (browser mode, service stopped). */
export function isOffline(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'offline';
}

/** The locale key for a failure any screen names the same way in its own language, or null when the service's words are the specific ones. */
export function commonFailureKey(error: unknown): 'offline' | 'tooManyTaps' | null {
  return isOffline(error) ? 'offline' : isRateLimited(error) ? 'tooManyTaps' : null;
}
