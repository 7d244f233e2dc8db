import { z } from 'zod';
import { localDate } from '../../core/calendar.js';
import { KioskError } from '../../core/errors.js';
import { ANNOUNCE_MAX_DAYS } from '../../core/registry/notice-window.js';
import { LocalDate } from '../../core/vocabulary.js';
import { describeIssue } from '../../core/schema-messages.js';
import { AnnounceRefusal, announceVisit, cancelVisit, memberOfPass, visitsToCome, type AnnounceDeps, type PassMember } from '../passes/announce-visit.js';
import { ANNOUNCE_PAGE_HEADERS, announcePage, hostIntroPage, type AnnounceView } from '../passes/announce-page.js';
import { noPassPage } from '../passes/pass-page.js';
import { announcementsSince } from '../store/announcements.js';
import { listSpaces } from '../store/spaces.js';
import { authenticate } from './auth.js';
import { parseJson } from './body.js';
import type { Call, Handler, RegistryContext } from './context.js';
import { Refusal, refusalOf, sendJson } from './reply.js';

const PassText = z.string().trim().min(1).max(400);
const AnnounceInput = z.strictObject({ pass: PassText, host: z.string().trim().min(1).max(100), date: LocalDate });
const CancelInput = z.strictObject({ pass: PassText });

const deps = (context: RegistryContext): AnnounceDeps => ({ db: context.db, keys: context.keys, now: context.auth.now });

function asRefusal(error: unknown): never {
  if (error instanceof AnnounceRefusal) throw new Refusal(error.status, error.code, error.message);
  throw error;
}

function input<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Refusal(400, 'invalid', `the ${what} ${describeIssue(parsed.error.issues[0]!)}`);
  return parsed.data;
}

/** A member announces a visit, proving who they are with their pass. */
export const postAnnouncement: Handler = async (context, call) => {
  const given = input(AnnounceInput, parseJson(call.body), 'announcement');
  const done = await announceVisit(deps(context), given).catch(asRefusal);
  const { repeated, ...announcement } = done;
  sendJson(call.response, repeated ? 200 : 201, { id: announcement.id, host: announcement.host, date: announcement.date, repeated });
};

export const deleteAnnouncement: Handler = async (context, call) => {
  const given = input(CancelInput, parseJson(call.body), 'cancellation');
  await cancelVisit(deps(context), { pass: given.pass, id: call.params[0]! }).catch(asRefusal);
  sendJson(call.response, 200, { id: call.params[0], cancelled: true });
};

/** A host's kiosk reads the visits announced to its space since the last change it saw. */
export const getAnnouncements: Handler = async (context, call) => {
  const caller = await authenticate(context.auth, call.request, call.bodySha256);
  if (caller.kind !== 'kiosk') throw new Refusal(403, 'kiosk_only', 'an API token cannot read announced visits: only an enrolled kiosk of the space can');
  const since = call.url.searchParams.get('since') ?? '0';
  if (!/^\d{1,15}$/.test(since)) throw new Refusal(400, 'invalid', 'say which change the kiosk saw last: /v1/announcements?since=CURSOR');
  const space = listSpaces(context.db).find((s) => s.id === caller.space);
  const today = localDate(context.auth.now(), space?.timezone ?? 'UTC');
  sendJson(call.response, 200, announcementsSince(context.db, caller.space, Number(since), today));
};

function sendHtml(call: Call, status: number, html: string): void {
  call.response.writeHead(status, { ...ANNOUNCE_PAGE_HEADERS, 'Content-Length': String(Buffer.byteLength(html)) });
  call.response.end(html);
}

const DAY_MS = 86_400_000;

/** What the member chose last: kept in the form after a refusal. */
type Chosen = { host: string | null; date: string | null };

function view(context: RegistryContext, pass: string, member: PassMember, chosen: Chosen, message: AnnounceView['message']): AnnounceView {
  const now = context.auth.now();
  const spaces = listSpaces(context.db);
  return {
    alliance: context.alliance,
    pass,
    member: { name: member.name, spaceName: member.space.name },
    hosts: spaces.filter((s) => s.state === 'active' && s.visa.accepts && s.id !== member.space.id),
    spaceNames: new Map(spaces.map((s) => [s.id, s.name])),
    chosenHost: chosen.host,
    chosenDate: chosen.date && LocalDate.safeParse(chosen.date).success ? chosen.date : null,
    today: localDate(now, member.space.timezone),
    // A day short of the registry's limit: the host's calendar may be a day ahead of the member's.
    lastDay: localDate(new Date(now.getTime() + (ANNOUNCE_MAX_DAYS - 1) * DAY_MS), member.space.timezone),
    open: visitsToCome(context.db, member.id, now),
    message,
  };
}

/** The page as a member's phone opens it: from the pass page, or from the QR a host's kiosk shows (`host` chosen). */
async function page(context: RegistryContext, call: Call, pass: string, chosen: Chosen, message: AnnounceView['message'], status = 200): Promise<void> {
  let member: PassMember;
  try {
    member = await memberOfPass(deps(context), pass);
  } catch (error) {
    if (!(error instanceof AnnounceRefusal)) throw error;
    return sendHtml(call, error.status, noPassPage(context.alliance, `${error.message[0]!.toUpperCase()}${error.message.slice(1)}.`));
  }
  sendHtml(call, status, announcePage(view(context, pass, member, chosen, message)));
}

export const getAnnouncePage: Handler = (context, call) => {
  const pass = call.url.searchParams.get('pass')?.trim() ?? '';
  if (!pass) {
    const host = listSpaces(context.db).find((s) => s.id === call.url.searchParams.get('host') && s.state === 'active');
    if (host) return sendHtml(call, 200, hostIntroPage(context.alliance, host));
    return sendHtml(call, 400, noPassPage(context.alliance, 'Open this page from your pass link: it needs your pass to know who you are.'));
  }
  return page(context, call, pass, { host: call.url.searchParams.get('host'), date: null }, null);
};

const sentence = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}.`;

/** A refusal the form answers as a page: the member's own, or the store's (a database another program has locked). */
function formRefusal(error: unknown): { status: number; text: string } {
  if (error instanceof AnnounceRefusal) return { status: error.status, text: sentence(error.message) };
  if (error instanceof KioskError) {
    const refusal = refusalOf(error);
    return { status: refusal.status, text: sentence(refusal.message) };
  }
  throw error;
}

/** The page's form, posted without script: the same checks as the JSON API, answered as a page. */
export const postAnnounceForm: Handler = async (context, call) => {
  const form = new URLSearchParams(call.body.toString('utf8'));
  const pass = form.get('pass')?.trim() ?? '';
  const host = form.get('host') ?? '';
  const date = form.get('date') ?? '';
  const chosen = { host, date };
  if (!LocalDate.safeParse(date).success) return page(context, call, pass, chosen, { kind: 'refused', text: 'Choose the day of your visit.' }, 400);
  try {
    const done = await announceVisit(deps(context), { pass, host, date });
    const name = listSpaces(context.db).find((s) => s.id === done.host)?.name ?? done.host;
    await page(context, call, pass, { host, date: null }, { kind: 'done', text: `${name} expects you on ${done.date}. Their kiosk will know you are coming.` });
  } catch (error) {
    const refused = formRefusal(error);
    await page(context, call, pass, chosen, { kind: 'refused', text: refused.text }, refused.status);
  }
};

export const postCancelForm: Handler = async (context, call) => {
  const form = new URLSearchParams(call.body.toString('utf8'));
  const pass = form.get('pass')?.trim() ?? '';
  try {
    const cancelled = await cancelVisit(deps(context), { pass, id: form.get('id') ?? '' });
    const name = listSpaces(context.db).find((s) => s.id === cancelled.host)?.name ?? cancelled.host;
    await page(context, call, pass, { host: null, date: null }, { kind: 'done', text: `Cancelled: ${name} will not expect you on ${cancelled.date}.` });
  } catch (error) {
    const refused = formRefusal(error);
    await page(context, call, pass, { host: null, date: null }, { kind: 'refused', text: refused.text }, refused.status);
  }
};
