/** One line of `visa-kiosk doctor`: what was looked at, how it stands, and in plain words why. */
export interface CheckResult {
  check: string;
  /** skip: not set up here (no printer configured), so there is nothing to look at. */
  status: 'pass' | 'warn' | 'fail' | 'skip';
  detail: string;
}

export const pass = (check: string, detail: string): CheckResult => ({ check, status: 'pass', detail });
export const warn = (check: string, detail: string): CheckResult => ({ check, status: 'warn', detail });
export const fail = (check: string, detail: string): CheckResult => ({ check, status: 'fail', detail });
export const skip = (check: string, detail: string): CheckResult => ({ check, status: 'skip', detail });

/** 90_000 → "2 min", 7_200_000 → "2 h", 3 days → "3 days". */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

export function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.round(n / 1024 ** 2)} MB`;
}

/**
 * When the list was last synced, in words: "12 min ago", or, when the clock was set back since,
 * how far after this clock the sync is dated (its age reads 0 then, which would say all is fresh).
 */
export function lastSyncWords(lastSyncAt: string | null, now: Date): string {
  if (lastSyncAt === null) return 'never synced';
  const age = now.getTime() - Date.parse(lastSyncAt);
  return age < -60_000 ? `last sync dated ${duration(-age)} after this clock` : `last sync ${duration(age)} ago`;
}
