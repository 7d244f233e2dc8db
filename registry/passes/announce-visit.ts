import { localDate } from '../../core/calendar.js';
import { checkPass, passKeyId } from '../../core/pass/visa-pass.js';
import { signedWhileTrusted } from '../../core/pass/pass-verdict.js';
import { checkNoticeWindow } from '../../core/registry/notice-window.js';
import { passKeys } from '../../core/registry/retired-keys.js';
import type { Db } from '../../db/open.js';
import type { RegistryKeys } from '../keys/keys-document.js';
import { announce, cancelAnnouncement, memberAnnouncement, memberAnnouncements, openAnnouncement, type Announcement } from '../store/announcements.js';
import { getSpace, type SpaceRow } from '../store/spaces.js';
import { passRefusal, refusalLine } from './issue-pass.js';
import { passHolder } from './pass-holders.js';

/**
 * A member announces a visit to a host space, proving who they are with their visa pass (the
 * registry checks it as a kiosk would, and that the member is still on their space's roster).
 * Every refusal is one sentence for the member.
 */

export class AnnounceRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AnnounceDeps {
  db: Db;
  keys: RegistryKeys;
  now: () => Date;
}

export interface PassMember {
  id: string;
  name: string;
  space: SpaceRow;
}

/** The member a pass stands for, or why it does not count. Passes a retired key signed before its retirement count, as at a kiosk. */
export async function memberOfPass(deps: AnnounceDeps, text: string): Promise<PassMember> {
  const now = deps.now();
  const keys = new Map<string, { online: string; retiredAt: Date | null }>();
  for (const key of passKeys(deps.keys.document, now)) keys.set(await passKeyId(key.online), key);
  const check = await checkPass(text, new Map([...keys].map(([id, key]) => [id, key.online])), now);
  if (check.status === 'invalid' || !signedWhileTrusted(check.pass, keys.get(check.pass.keyId)?.retiredAt ?? null))
    throw new AnnounceRefusal(403, 'pass_invalid', 'this is not a valid pass of this alliance: open the pass link your space sent you');
  if (check.status === 'expired') throw new AnnounceRefusal(403, 'pass_expired', 'this pass has expired: open your pass link again for a new one');
  const space = getSpace(deps.db, check.pass.spaceId);
  const member = space && passHolder(deps.db, space.id, check.pass.memberId);
  if (!space || !member) throw new AnnounceRefusal(403, 'pass_invalid', 'this pass belongs to a member who is no longer on their space’s list');
  const refusal = passRefusal(space, member, now);
  if (refusal) throw new AnnounceRefusal(403, 'member_inactive', refusalLine(refusal));
  return { id: member.id, name: member.name, space };
}

/** A space id as the registry makes them: anything else is not quoted back (a form can post megabytes or line breaks). */
const SPACE_ID = /^[A-Za-z0-9._-]{1,100}$/;

function hostFor(db: Db, member: PassMember, hostId: string): SpaceRow {
  const host = getSpace(db, hostId);
  if (!host || host.state === 'removed')
    throw new AnnounceRefusal(
      404,
      'unknown_space',
      SPACE_ID.test(hostId) ? `there is no space "${hostId}" in this alliance` : 'there is no such space in this alliance: choose one from the list',
    );
  if (host.id === member.space.id) throw new AnnounceRefusal(409, 'own_space', `you are a member of ${host.name}: you need not announce a visit there`);
  if (host.state !== 'active') throw new AnnounceRefusal(409, 'not_participating', `${host.name} is not taking part in the exchange at the moment`);
  if (!host.visa.accepts) throw new AnnounceRefusal(409, 'no_visitors', `${host.name} is not taking visitors at the moment`);
  return host;
}

const NOTICE_WORDS = {
  past: (host: SpaceRow, earliest: string) => `that date has passed at ${host.name}: the earliest you can announce is ${earliest}`,
  inside_notice: (host: SpaceRow, earliest: string) =>
    `${host.name} asks for ${host.visa.noticeHours} hours' notice: the earliest day you can announce now is ${earliest}`,
  too_far: (host: SpaceRow) => `that is too far ahead: announce a visit to ${host.name} within the next year`,
};

export async function announceVisit(deps: AnnounceDeps, input: { pass: string; host: string; date: string }): Promise<Announcement & { repeated: boolean }> {
  const member = await memberOfPass(deps, input.pass);
  const host = hostFor(deps.db, member, input.host);
  // Already announced: the same answer again, even once that day is inside the notice window (a retry, a member checking).
  const already = openAnnouncement(deps.db, { host: host.id, memberId: member.id, date: input.date });
  if (already) return { ...already, repeated: true };
  const now = deps.now();
  const window = checkNoticeWindow(now, input.date, host.timezone, host.visa.noticeHours);
  if (!window.ok) throw new AnnounceRefusal(409, window.problem, NOTICE_WORDS[window.problem](host, window.earliest));
  const done = announce(deps.db, { host: host.id, memberId: member.id, memberSpace: member.space.id, name: member.name, date: input.date }, now);
  if (!done.ok) throw new AnnounceRefusal(429, 'too_many', 'you have announced many visits already: cancel some you will not make first');
  return { ...done.announcement, repeated: done.repeated };
}

/** A visit whose day is over at its host, on the host's calendar: it happened or not, it is no longer the member's to cancel. */
function dayPassed(db: Db, visit: Announcement, now: Date): boolean {
  return visit.date < localDate(now, getSpace(db, visit.host)?.timezone ?? 'UTC');
}

const DAY_MS = 86_400_000;

/** The member's open visits still to come (today's included), soonest first: those the announce page lists, each with Cancel. */
export function visitsToCome(db: Db, memberId: string, now: Date): Announcement[] {
  // No host's today is earlier than UTC's yesterday; each host's own calendar decides the rest.
  const open = memberAnnouncements(db, memberId, localDate(new Date(now.getTime() - DAY_MS), 'UTC'));
  return open.filter((visit) => !dayPassed(db, visit, now));
}

export async function cancelVisit(deps: AnnounceDeps, input: { pass: string; id: string }): Promise<Announcement> {
  const member = await memberOfPass(deps, input.pass);
  const visit = memberAnnouncement(deps.db, input.id, member.id);
  if (visit && dayPassed(deps.db, visit, deps.now())) {
    const host = getSpace(deps.db, visit.host)?.name ?? visit.host;
    throw new AnnounceRefusal(409, 'past', `your visit to ${host} on ${visit.date} is over: only a visit still to come can be cancelled`);
  }
  const cancelled = cancelAnnouncement(deps.db, input.id, member.id, deps.now());
  if (!cancelled) throw new AnnounceRefusal(404, 'not_found', 'there is no open announcement of yours with this id');
  return cancelled;
}

/** Today on the calendar of the host, for what a kiosk asks from its first sync. */
export const hostToday = (host: SpaceRow, now: Date) => localDate(now, host.timezone);
