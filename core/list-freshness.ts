import { isLoopback } from './loopback.js';

/**
 * Why the installed visa list should not be trusted as current, judged from the list's own
 * signed times rather than from when it was last downloaded: a server (or anyone between it
 * and a plain-http kiosk) can keep answering with an old signed list, and every download of it
 * would look like a fresh sync.
 */
export type StaleReason = 'no_list' | 'expired' | 'too_old' | 'from_the_future';

/** The alliance's clock is not ours: a list "generated" up to this far ahead is still believed. */
export const FUTURE_TOLERANCE_MS = 60 * 60_000;

export interface ListTimes {
  /** When the alliance generated the list (signed with it); null for a list not from a feed. */
  generatedAt: string | null;
  /** After this the list must not be taken as current; null when the feed sets no end. */
  expiresAt: string | null;
  /** When the list was installed (a CSV list has no generatedAt: its age counts from here). */
  installedAt: string | null;
  /** The last successful sync: an install, or the server saying "unchanged". */
  lastSyncAt: string | null;
}

export interface Freshness {
  /** Seconds since the last successful sync, for staff: not what staleness is judged on. */
  ageSeconds: number | null;
  stale: boolean;
  staleReason: StaleReason | null;
}

export function listFreshness(times: ListTimes, now: Date, staleDays: number): Freshness {
  const nowMs = now.getTime();
  const lastSync = times.lastSyncAt ? Date.parse(times.lastSyncAt) : NaN;
  const ageSeconds = Number.isNaN(lastSync) ? null : Math.max(0, Math.round((nowMs - lastSync) / 1000));
  const reason = staleReason(times, nowMs, staleDays);
  return { ageSeconds, stale: reason !== null, staleReason: reason };
}

function staleReason(times: ListTimes, nowMs: number, staleDays: number): StaleReason | null {
  const born = Date.parse(times.generatedAt ?? times.installedAt ?? '');
  if (Number.isNaN(born)) return 'no_list';
  if (born > nowMs + FUTURE_TOLERANCE_MS) return 'from_the_future';
  const expires = times.expiresAt ? Date.parse(times.expiresAt) : NaN;
  if (!Number.isNaN(expires) && nowMs >= expires) return 'expired';
  if (nowMs - born > staleDays * 86_400_000) return 'too_old';
  return null;
}

/** For the command line and doctor (the screens have their own words in renderer/locales). */
export function staleText(reason: StaleReason): string {
  switch (reason) {
    case 'no_list':
      return 'no visa list has been installed';
    case 'expired':
      return 'the list has expired (its expiresAt has passed): sync a newer one';
    case 'too_old':
      return 'the list was generated longer ago than visa.staleDays: the feed server keeps serving an old list, or the alliance has stopped publishing';
    case 'from_the_future':
      return "the list is dated ahead of this kiosk's clock: check the system clock (network time)";
  }
}

/** A feed fetched over plain http can be held back or swapped for an old one by anyone on the way. */
export function isPlainHttp(url: string | null | undefined): boolean {
  return typeof url === 'string' && /^http:/i.test(url.trim());
}

/** Where a kiosk's list comes from: the alliance registry it joined, a static feed URL, or only files imported by hand. */
export type ListSource = 'registry' | 'feed' | 'files';

/**
 * Whether the list's source is reached over plain http where it matters: any static feed (it can
 * be held back or replayed), a registry only beyond this computer (its lists are time-stamped, so
 * what plain http exposes is the data and the kiosk's requests, and loopback exposes nothing).
 */
export function plainHttpSource(source: ListSource, url: string | null | undefined): boolean {
  if (!isPlainHttp(url)) return false;
  if (source !== 'registry') return true;
  try {
    return !isLoopback(new URL(url!.trim()).hostname);
  } catch {
    return true;
  }
}

export const PLAIN_HTTP_WARNING = 'the feed URL is plain http: anyone on the way can hold back new lists or replay an old one; use https';

/** A registry's lists are signed and time-stamped, so replay is caught; what plain http exposes is the data itself. */
export const PLAIN_HTTP_REGISTRY_WARNING =
  "the registry URL is plain http: member names, emails and badge numbers, and this kiosk's requests, cross the network unencrypted; have the coordinator serve it over https, then join again at the https address with a new enrolment code";
