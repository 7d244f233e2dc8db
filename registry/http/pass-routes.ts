import { issuePass, noPassSentences } from '../passes/issue-pass.js';
import { passCard } from '../passes/pass-card.js';
import { passHolder, passHolders } from '../passes/pass-holders.js';
import { linkHolds, linkSecret, passLinkPath } from '../passes/pass-links.js';
import { noPassPage, PASS_PAGE_HEADERS, passPage } from '../passes/pass-page.js';
import { getSpace } from '../store/spaces.js';
import { authenticate } from './auth.js';
import type { Call, Handler, RegistryContext } from './context.js';
import { Refusal, sendJson } from './reply.js';

const LINK_GONE = 'This pass link does not work any more: ask your space for your current link.';
const LINK_BROKEN = 'This address is not a whole pass link: open the link your space sent you again, all of it and nothing more.';

function sendPage(call: Call, status: number, html: string): void {
  call.response.writeHead(status, { ...PASS_PAGE_HEADERS, 'Content-Length': String(Buffer.byteLength(html)) });
  call.response.end(html);
}

type Opened = { ok: true; view: Parameters<typeof passCard>[0] & { base: string } } | { ok: false; status: number; sentence: string };

/** The member a link names, and a pass issued for them now; or the sentence the page shows instead. */
async function openLink(context: RegistryContext, [spaceId, memberId, mac]: string[]): Promise<Opened> {
  const secret = linkSecret(context.db);
  const space = getSpace(context.db, spaceId!);
  const member = space && passHolder(context.db, spaceId!, memberId!);
  if (!space || !member || !linkHolds(secret, spaceId!, memberId!, mac!)) return { ok: false, status: 404, sentence: LINK_GONE };
  await context.followKeys?.();
  const issued = await issuePass(context.keys, space, member, context.auth.now());
  if (!issued.ok) return { ok: false, status: 403, sentence: noPassSentences(issued.refusal) };
  return {
    ok: true,
    view: {
      alliance: context.alliance,
      name: member.name,
      spaceName: space.name,
      text: issued.text,
      expiresAt: issued.expiresAt,
      base: passLinkPath(secret, spaceId!, memberId!),
    },
  };
}

export const getPassPage: Handler = async (context, call) => {
  const opened = await openLink(context, call.params);
  if (!opened.ok) return sendPage(call, opened.status, noPassPage(context.alliance, opened.sentence));
  const { base, ...view } = opened.view;
  sendPage(call, 200, await passPage({ ...view, cardPath: `${base}/card.pdf`, announcePath: `/announce?pass=${encodeURIComponent(view.text)}` }));
};

/** A pass link cut short or with something added (a mail program's trailing dot or slash): a phone gets a page, not JSON. */
export const getBrokenPassLink: Handler = (context, call) => sendPage(call, 404, noPassPage(context.alliance, LINK_BROKEN));

export const getPassCard: Handler = async (context, call) => {
  const opened = await openLink(context, call.params);
  if (!opened.ok) return sendPage(call, opened.status, noPassPage(context.alliance, opened.sentence));
  const pdf = await passCard(opened.view);
  call.response.writeHead(200, {
    'Content-Type': 'application/pdf',
    'Content-Length': String(pdf.length),
    'Content-Disposition': 'inline; filename="visa-pass.pdf"',
    'Cache-Control': 'no-store',
  });
  call.response.end(pdf);
};

/** Every member's pass link for the calling kiosk's own space: a space mails its members their links. */
export const getPassLinks: Handler = async (context, call) => {
  const caller = await authenticate(context.auth, call.request, call.bodySha256);
  if (caller.kind !== 'kiosk') throw new Refusal(403, 'kiosk_only', 'an API token cannot read pass links: only an enrolled kiosk of the space can');
  const secret = linkSecret(context.db);
  const base = context.publicUrl.replace(/\/+$/, '');
  const links = passHolders(context.db, caller.space).map((m) => ({
    memberId: m.id,
    name: m.name,
    email: m.email,
    status: m.status,
    link: base + passLinkPath(secret, caller.space, m.id),
  }));
  sendJson(call.response, 200, { space: caller.space, links });
};
