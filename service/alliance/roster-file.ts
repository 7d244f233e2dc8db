import fs from 'node:fs';
import { credentialLabel, parseListCredential, type ListCredential } from '../../core/credential-match.js';
import { KioskError } from '../../core/errors.js';
import { FeedHeader, FeedMember } from '../../core/feed.js';
import type { RosterMember } from '../../core/registry/roster.js';
import { describeIssueOf } from '../../core/schema-messages.js';
import { cannotRead } from '../../db/list-file.js';
import { parseMembersCsv } from '../visa-list/members-csv.js';
import { RegistryRefusal } from './registry-client.js';

const MAX_PROBLEMS_NAMED = 3;

/** A list credential as a feed writes it: the CSV's `rfid.decimal:0004340757` becomes `{kind, form, value}`. */
export function feedCredential(c: ListCredential): RosterMember['credentials'][number] {
  const label = credentialLabel(c);
  const colon = label.indexOf(':');
  const [kind, form] = label.slice(0, colon).split('.') as [ListCredential['kind'], RosterMember['credentials'][number]['form']];
  return form === undefined ? { kind, value: label.slice(colon + 1) } : { kind, form, value: label.slice(colon + 1) };
}

function refuse(what: string, problems: string[]): never {
  const more = problems.length > MAX_PROBLEMS_NAMED ? ` (and ${problems.length - MAX_PROBLEMS_NAMED} more problems)` : '';
  throw new KioskError(`${what} was refused, nothing was sent: ${problems.slice(0, MAX_PROBLEMS_NAMED).join('; ')}${more}`, 'invalid');
}

const notOwnSpace = (space: string, ownSpace: string) => `"${space}" is not this kiosk's space "${ownSpace}": a space publishes only its own members`;

/**
 * A roster to publish, with the spreadsheet row each member is on when it came from a CSV: the
 * registry numbers the records as sent (`members[0]`), a person looks for the row.
 */
export interface Roster {
  members: RosterMember[];
  rows: number[] | null;
  /** What the file held that a roster does not send (a feed's `spaces`), to be said, not dropped in silence. */
  unsent?: string[];
}

/** This space's whole roster from the CSV of `visa import`, its rows checked the same way; every member must be of this kiosk's space. */
export function rosterFromCsv(bytes: Uint8Array, ownSpace: string): Roster {
  let csv: ReturnType<typeof parseMembersCsv>;
  try {
    csv = parseMembersCsv(bytes, new Set([ownSpace]), (space) => notOwnSpace(space, ownSpace));
  } catch (error) {
    // The same rows refuse a roster, but nothing is installed and another space's row is not "unknown": a screen words it as a roster.
    if (!(error instanceof KioskError) || error.detail?.what !== 'csv_refused') throw error;
    const { problems, more } = error.detail;
    throw new KioskError(error.message, error.code, { detail: { what: 'roster_refused', space: ownSpace, problems, more } });
  }
  const members = csv.members.map((m) => ({
    id: m.id,
    name: m.name,
    email: m.email,
    status: m.status,
    validUntil: m.validUntil,
    credentials: m.credentials.map(feedCredential),
  }));
  return { members, rows: csv.rows };
}

/** The registry's refusal of a roster, each record it names (`members[4]`) named by its spreadsheet row instead. */
export function refusalInRows(error: unknown, rows: readonly number[] | null): unknown {
  if (!rows || !(error instanceof RegistryRefusal)) return error;
  const message = error.message.replace(/members\[(\d+)\]/g, (record: string, index: string) => {
    const row = rows[Number(index)];
    return row === undefined ? record : `row ${row}`;
  });
  return message === error.message ? error : new RegistryRefusal(message, error.status, error.registryCode);
}

/**
 * This space's whole roster from a file: the CSV of `visa import` (its rows checked the same
 * way) or feed-shaped JSON (`{"members": [...]}` or a bare array). Every member must be of this
 * kiosk's space; any problem refuses the file, with its row or record named.
 */
export function readRoster(file: string, ownSpace: string): Roster {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw cannotRead(file, error);
  }
  if (file.toLowerCase().endsWith('.csv')) return rosterFromCsv(bytes, ownSpace);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new KioskError(`${file} is neither a .csv file nor JSON (${(error as Error).message})`, 'invalid');
  }
  const notOurs = (space: string) => notOwnSpace(space, ownSpace);
  const records = Array.isArray(json) ? json : (json as { members?: unknown } | null)?.members;
  if (!Array.isArray(records)) throw new KioskError(`${file} holds no "members" list: give the CSV of \`visa import\`, or JSON shaped as a feed`, 'invalid');
  // A feed's header (its sequence, its date) is the registry's to write; anything else is said.
  const unsent = Array.isArray(json) ? [] : Object.keys(json as object).filter((key) => key !== 'members' && !(key in FeedHeader.shape));
  return { members: rosterFromRecords(records, ownSpace, notOurs), rows: null, ...(unsent.length > 0 && { unsent }) };
}

function rosterFromRecords(records: unknown[], ownSpace: string, notOurs: (space: string) => string): RosterMember[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const members: RosterMember[] = [];
  records.forEach((raw, index) => {
    const withSpace = typeof raw === 'object' && raw !== null && !('space' in raw) ? { ...raw, space: ownSpace } : raw;
    const parsed = FeedMember.safeParse(withSpace);
    const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? ` (${(raw as { id: string }).id})` : '';
    if (!parsed.success) return problems.push(describeIssueOf(`members[${index}]${id}`, parsed.error.issues[0]!));
    const { space, ...member } = parsed.data;
    if (space !== ownSpace) return problems.push(`members[${index}]${id}.space: ${notOurs(space)}`);
    const first = seen.get(member.id);
    if (first !== undefined) return problems.push(`members[${index}]${id}: the id is also listed at members[${first}]`);
    seen.set(member.id, index);
    for (const [j, c] of member.credentials.entries()) {
      const checked = parseListCredential(c.kind, c.value, c.form);
      if (!checked.ok) return problems.push(`members[${index}]${id}.credentials[${j}]: ${checked.error}`);
    }
    members.push(member);
  });
  if (problems.length > 0) refuse('the roster', problems);
  if (members.length === 0) throw new KioskError('the roster lists no members: to remove every member, remove them one by one', 'invalid');
  return members;
}
