import { z } from 'zod';
import { csvRow } from '../export/csv.js';

/** The registry's answer to GET /v1/pass-links: every member of this space and their pass link. */
export const PassLinks = z.object({
  space: z.string(),
  links: z.array(z.object({ memberId: z.string(), name: z.string(), email: z.string(), status: z.string(), link: z.url() })),
});
export type PassLinks = z.infer<typeof PassLinks>;

/** A mail merge's data source: one row per member. A file of it starts with BOM (export/csv.ts), so spreadsheets read names as UTF-8. */
export function passLinksCsv(links: PassLinks['links']): string {
  return csvRow(['member_id', 'name', 'email', 'status', 'pass_link']) + links.map((l) => csvRow([l.memberId, l.name, l.email, l.status, l.link])).join('');
}
