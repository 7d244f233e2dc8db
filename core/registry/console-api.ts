/** What the coordinator console's API answers (registry/console/ sends, renderer/registry-console/ reads). */

export type SpaceState = 'active' | 'suspended' | 'removed';

/** One space in the console's list: its state, members and kiosks, and when one of its kiosks was last heard from. */
export interface SpaceOverview {
  id: string;
  name: string;
  city: string;
  country: string;
  timezone: string;
  state: SpaceState;
  members: number;
  kiosks: number;
  lastSeenAt: string | null;
}

export interface KioskOverview {
  id: string;
  spaceId: string;
  spaceName: string;
  name: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  revoked: boolean;
}

export interface PublicationOverview {
  sequence: number;
  generatedAt: string;
  spaces: number;
  members: number;
  feedBytes: number;
  gzBytes: number;
  deltaBytes: number | null;
  changes: number;
}

/** One entry of the change log; actor is 'coordinator', 'kiosk:<id>' or 'token:<id>'. */
export interface ChangeEntry {
  id: number;
  at: string;
  actor: string;
  space: string | null;
  kind: string;
  /** What the change was made to: a member or a space, by id. */
  targetKind: 'member' | 'space' | null;
  target: string | null;
  summary: string;
  publishedIn: number | null;
}

/** A one-time enrolment code, shown once. */
export interface MadeCode {
  code: string;
  expiresAt: string;
}

/** The header every console request carries: another site's page cannot send it, since the registry never allows it to. */
export const CONSOLE_HEADER = 'x-requested-with';
export const CONSOLE_HEADER_VALUE = 'visa-kiosk-console';
