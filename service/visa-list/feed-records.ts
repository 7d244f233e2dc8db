import { KioskError } from '../../core/errors.js';
import { FEED_FORMAT, FeedSpace } from '../../core/feed.js';
import { describeIssueOf, issuePath, valueProblem } from '../../core/schema-messages.js';
import { readMember } from './feed-member.js';
import { scanFeed } from './feed-scan.js';
import type { FeedReader } from './feed-window.js';
import type { RecordSink } from './list-rows.js';
import { addOrphan, place, recordId, type Problems } from './record-problems.js';

export type Header = Record<string, unknown>;

/**
 * Reads a feed's records, checks each on its own and gives the good ones to `sink`. Member ids
 * are remembered only when `exact`: a million of them is tens of megabytes, and the unique
 * index on members(id), made once the rows are in, catches an id listed twice anyway (the
 * feed is then read again, exactly, to skip the later records and name them).
 */
export function scanRecords(source: Uint8Array | FeedReader, sink: RecordSink, problems: Problems, exact: boolean): { header: Header; spaces: number } {
  // No prototype: a "__proto__" key in the feed must not supply an inherited format or sequence.
  const header: Header = Object.create(null);
  const spaceIds = new Set<string>();
  const memberIds = new Set<string>();
  let spacesRead = false;
  scanFeed(source, {
    value(key, value) {
      header[key] = value;
      if (key === 'spaces') spacesRead = true;
      // Refuse a feed of another format before reading a million records of it.
      if (key === 'format' && value !== FEED_FORMAT)
        throw new KioskError(`the feed was refused: its format is ${JSON.stringify(value)}, this kiosk reads "${FEED_FORMAT}"`, 'invalid', {
          detail: { what: 'feed_invalid' },
        });
    },
    element(list, index, raw) {
      if (list === 'spaces') {
        const parsed = FeedSpace.safeParse(raw);
        const rawId = recordId(raw);
        const id = rawId === null ? '' : ` (${rawId})`;
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          problems.add(describeIssueOf(`spaces[${index}]${id}`, issue), {
            what: 'value',
            at: place('spaces', index, rawId, issuePath(issue) || null),
            problem: valueProblem(issue),
          });
        } else if (spaceIds.has(parsed.data.id))
          problems.add(`spaces[${index}]${id}: the id is listed twice`, { what: 'listed_twice', at: place('spaces', index, parsed.data.id) });
        else {
          spaceIds.add(parsed.data.id);
          sink.space(parsed.data);
        }
        return;
      }
      const member = readMember(raw, index, problems);
      if (!member) return;
      // Left out before its id counts: a stray record must not knock out the real one listed after it.
      if (spacesRead && !spaceIds.has(member.spaceId)) addOrphan(problems, index, member.id, member.spaceId);
      else if (!exact) sink.member(member, index);
      else if (memberIds.has(member.id))
        problems.add(`members[${index}] (${member.id}): the id is listed twice`, { what: 'listed_twice', at: place('members', index, member.id) });
      else {
        memberIds.add(member.id);
        sink.member(member, index);
      }
    },
  });
  sink.end();
  return { header, spaces: spaceIds.size };
}
