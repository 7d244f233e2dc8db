import { normaliseCredential } from '../core/credentials.js';
import { KioskError } from '../core/errors.js';
import { Feed, FEED_FORMAT } from '../core/feed.js';
import { describeIssue } from '../core/schema-messages.js';
import type { InstallableMember } from '../db/visa-list.js';

export interface ParsedFeed {
  sequence: number;
  generatedAt: string;
  spaces: Feed['spaces'];
  members: InstallableMember[];
}

const MAX_PROBLEMS_NAMED = 3;

function refuse(problems: string[]): never {
  const more = problems.length > MAX_PROBLEMS_NAMED ? ` (and ${problems.length - MAX_PROBLEMS_NAMED} more problems)` : '';
  throw new KioskError(`the feed was refused: ${problems.slice(0, MAX_PROBLEMS_NAMED).join('; ')}${more}`, 'invalid');
}

function decodeJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KioskError('the feed was refused: it is not UTF-8 text', 'invalid');
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new KioskError(`the feed was refused: it is not valid JSON (${(error as Error).message})`, 'invalid');
  }
}

/** "members[3] (on-0004).status" reads better than a bare index when the record has an id. */
function nameRecords(raw: unknown, message: string): string {
  return message.replace(/^(spaces|members)\[(\d+)\]/, (whole, list: string, index: string) => {
    const record = (raw as Record<string, unknown[]>)[list]?.[Number(index)] as { id?: unknown } | undefined;
    return typeof record?.id === 'string' ? `${whole} (${record.id})` : whole;
  });
}

/**
 * Reads a `coworking-visa/1` feed and checks it whole: schema, unique ids, every member's
 * space listed, every credential canonical and held by one member only. Any problem refuses
 * the feed, so an install is all or nothing.
 */
export function parseFeed(bytes: Uint8Array): ParsedFeed {
  const raw = decodeJson(bytes);
  const format = (raw as { format?: unknown } | null)?.format;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) refuse(['it is not a JSON object']);
  if (format !== FEED_FORMAT) refuse([`its format is ${JSON.stringify(format ?? null)}, this kiosk reads "${FEED_FORMAT}"`]);

  const parsed = Feed.safeParse(raw);
  if (!parsed.success) refuse(parsed.error.issues.map((issue) => nameRecords(raw, describeIssue(issue))));
  const feed = parsed.data;

  const problems: string[] = [];
  const spaceIds = new Set<string>();
  feed.spaces.forEach((space, i) => {
    if (spaceIds.has(space.id)) problems.push(`spaces[${i}] (${space.id}): the id is listed twice`);
    spaceIds.add(space.id);
  });

  const memberIds = new Set<string>();
  const owners = new Map<string, string>();
  const members: InstallableMember[] = feed.members.map((member, i) => {
    const where = `members[${i}] (${member.id})`;
    if (memberIds.has(member.id)) problems.push(`${where}: the id is listed twice`);
    memberIds.add(member.id);
    if (!spaceIds.has(member.space)) problems.push(`${where}.space: "${member.space}" is not one of the feed's spaces`);
    const credentials = new Map<string, { kind: 'rfid' | 'barcode'; value: string }>();
    member.credentials.forEach((credential, j) => {
      const normalised = normaliseCredential(credential.kind, credential.value);
      if (!normalised.ok) {
        problems.push(`${where}.credentials[${j}]: ${normalised.error}`);
        return;
      }
      const key = `${credential.kind}:${normalised.credential.value}`;
      const owner = owners.get(key);
      if (owner !== undefined && owner !== member.id) problems.push(`${where}.credentials[${j}]: ${key} is also held by member ${owner}`);
      owners.set(key, member.id);
      credentials.set(key, { kind: credential.kind, value: normalised.credential.value });
    });
    return {
      id: member.id,
      spaceId: member.space,
      name: member.name,
      email: member.email,
      status: member.status,
      validUntil: member.validUntil ?? null,
      credentials: [...credentials.values()],
    };
  });
  if (problems.length > 0) refuse(problems);
  return { sequence: feed.sequence, generatedAt: feed.generatedAt, spaces: feed.spaces, members };
}
