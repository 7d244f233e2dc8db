import { z } from 'zod';

/** This kiosk in an alliance registry: joining it, and sending this space's roster to it. */

export interface AllianceStatus {
  joined: boolean;
  registryUrl: string | null;
  alliance: string | null;
  spaceId: string | null;
  kioskId: string | null;
  joinedAt: string | null;
}

export interface AllianceJoined extends AllianceStatus {
  /** The first sync from the registry did not install the list (the kiosk is joined either way): its refusal, as the service worded it. */
  syncError: string | null;
}

/** A member in a roster's preview: its id, and its name (from the roster sent, or this kiosk's list for one removed); null when neither has it. */
export interface PreviewMember {
  id: string;
  name: string | null;
}

/** What sending a roster changes (or would change, for a preview): counts, and the first members of each. */
export interface RosterChange {
  added: number;
  changed: number;
  removed: number;
  /** null for a preview: nothing was published. */
  sequence: number | null;
  preview: { added: PreviewMember[]; changed: PreviewMember[]; removed: PreviewMember[] };
}

/** Every member's pass link, as the CSV a mail merge reads. */
export interface PassLinksFile {
  csv: string;
  count: number;
  fileName: string;
}

export const AllianceJoinInput = z.strictObject({
  url: z.string().trim().min(1).max(500),
  code: z.string().trim().min(1).max(300),
});

export const RosterCsvInput = z.strictObject({ csv: z.string().max(64 * 1024 * 1024, 'is larger than 64 MB') });
