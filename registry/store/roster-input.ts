import { z } from 'zod';
import { parseListCredential } from '../../core/credential-match.js';
import { KioskError } from '../../core/errors.js';
import { FeedSpace } from '../../core/feed.js';
import { MemberPatch, RosterMember } from '../../core/registry/roster.js';
import { describeIssue, describeIssueOf } from '../../core/schema-messages.js';
import { BAD_JSON_BODY, NO_JSON_BODY, StoreRefusal } from './refusal.js';

/** "members[7] (cc-8)": the row a problem is in, numbered as sent, with its id when it has one. */
export function rowName(index: number, raw: unknown): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return `members[${index}]${typeof id === 'string' && id ? ` (${id})` : ''}`;
}

/** The first problem with a member's credentials as a kiosk would read them, or null. */
function credentialProblem(member: { credentials?: RosterMember['credentials'] }): string | null {
  const credentials = member.credentials ?? [];
  for (let j = 0; j < credentials.length; j++) {
    const c = credentials[j]!;
    const parsed = parseListCredential(c.kind, c.value, c.form);
    if (!parsed.ok) return `.credentials[${j}]: ${parsed.error}`;
  }
  return null;
}

/**
 * A member sent with a `space` other than the one written to: refused rather than quietly taken
 * into the path's space (the field is not stored; the path says whose member it is).
 */
function otherSpace(raw: unknown, space: string): string | null {
  if (typeof raw !== 'object' || raw === null || !('space' in raw) || raw.space === space) return null;
  const named = FeedSpace.shape.id.safeParse(raw.space).success ? `"${String(raw.space)}"` : 'another space';
  return `.space: ${named} is not space ${space}, whose members this request writes`;
}

function problemOf<T>(schema: z.ZodType<T>, raw: unknown, subject: string, space?: string): { value: T } | { problem: string } {
  const elsewhere = space === undefined ? null : otherSpace(raw, space);
  if (elsewhere) return { problem: `${subject}${elsewhere}` };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { problem: describeIssueOf(subject, parsed.error.issues[0]!) };
  const credentials = credentialProblem(parsed.data as { credentials?: RosterMember['credentials'] });
  return credentials ? { problem: `${subject}${credentials}` } : { value: parsed.data };
}

/**
 * A whole roster, every row checked: the first problem, row-numbered, and how many other rows have
 * one; an id sent twice is named with both rows. Nothing is written when any row is refused.
 */
export function validateRoster(raw: unknown, space: string): RosterMember[] {
  if (!Array.isArray(raw)) throw new KioskError('members: must be a list of members', 'invalid');
  const members: RosterMember[] = [];
  const problems: string[] = [];
  const firstRow = new Map<string, number>();
  raw.forEach((item: unknown, index) => {
    const checked = problemOf(RosterMember, item, rowName(index, item), space);
    if ('problem' in checked) return void problems.push(checked.problem);
    const earlier = firstRow.get(checked.value.id);
    if (earlier !== undefined) return void problems.push(`${rowName(index, item)}: the id is already used by members[${earlier}]`);
    firstRow.set(checked.value.id, index);
    members.push(checked.value);
  });
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more row${problems.length === 2 ? '' : 's'} with problems)` : '';
    throw new KioskError(`${problems[0]}${more}; nothing was changed`, 'invalid');
  }
  return members;
}

/** One member of `space`, as `member add` sends it. */
export function validateMember(raw: unknown, space: string): RosterMember {
  const checked = problemOf(RosterMember, raw, 'member', space);
  if ('problem' in checked) throw new KioskError(checked.problem, 'invalid');
  return checked.value;
}

/** The fields of a member to change, as `member update` sends them: only those sent, never a default. */
export function validatePatch(raw: unknown): MemberPatch {
  const checked = problemOf(MemberPatch.strict(), raw, 'member');
  if ('problem' in checked) throw new KioskError(checked.problem, 'invalid');
  const sent = new Set(Object.keys(raw as object));
  return Object.fromEntries(Object.entries(checked.value).filter(([key]) => sent.has(key))) as MemberPatch;
}

/** The roster request's envelope; its members are checked row by row (validateRoster), so a refusal names the row. */
const RosterRequest = z.strictObject({ members: z.array(z.unknown()), dryRun: z.boolean().optional() });

/**
 * A roster request's body as PUT /v1/spaces/ID/roster sends it (JSON). Parsed on the writer
 * thread: a roster of megabytes parsed where polls are answered held every poll up for as long.
 */
export function parseRosterRequest(body: Uint8Array): { members: unknown[]; dryRun: boolean } {
  if (body.length === 0) throw new StoreRefusal(NO_JSON_BODY, 'invalid', 'bad_json');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    throw new StoreRefusal(BAD_JSON_BODY, 'invalid', 'bad_json');
  }
  const parsed = RosterRequest.safeParse(raw);
  if (!parsed.success) throw new KioskError(`the roster: ${describeIssue(parsed.error.issues[0]!)}`, 'invalid');
  return { members: parsed.data.members, dryRun: parsed.data.dryRun === true };
}
