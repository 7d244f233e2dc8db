import QRCode from 'qrcode';
import { escapeHtml, htmlPage } from '../pages/html.js';

/** A member's pass page: the QR to show at a kiosk, what it says, a printable card and the way to announce a visit. */

/** Pass pages hold a member's proof of membership: never cached, never framed, no script. */
export const PASS_PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0 auto;padding:1.5rem;max-width:28rem;text-align:center;color:#111}' +
  'svg{width:100%;max-width:22rem;height:auto}.who{font-size:1.6rem;font-weight:700;margin:.5rem 0 0}' +
  'a.button{display:inline-block;margin:.5rem;padding:.9rem 1.4rem;border-radius:.6rem;background:#1d4ed8;color:#fff;text-decoration:none;font-size:1.1rem}' +
  '.until{white-space:nowrap}@media print{a.button,.hint{display:none}}';

const page = (title: string, body: string): string => htmlPage({ title, style: STYLE, body });

export interface PassView {
  alliance: string;
  name: string;
  spaceName: string;
  text: string;
  expiresAt: Date;
  cardPath: string;
  announcePath: string;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

export async function passPage(view: PassView): Promise<string> {
  const svg = await QRCode.toString(view.text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  return page(
    `${view.alliance}: visa pass`,
    `<h1>${escapeHtml(view.alliance)}</h1>
<div role="img" aria-label="Visa pass QR code for ${escapeHtml(view.name)}">${svg}</div>
<p class="who">${escapeHtml(view.name)}</p>
<p>Member of ${escapeHtml(view.spaceName)} · <span class="until">valid until ${day(view.expiresAt)}</span></p>
<p class="hint">Show this code at the kiosk of any participating space. Open this link again for a fresh pass before it runs out.</p>
<p><a class="button" href="${escapeHtml(view.announcePath)}">Announce a visit</a><a class="button" href="${escapeHtml(view.cardPath)}">Print a card</a></p>`,
  );
}

/** A link that works no longer, or a member who gets no pass: one sentence, the same page shape. */
export function noPassPage(alliance: string, sentence: string): string {
  return page(`${alliance}: visa pass`, `<h1>${escapeHtml(alliance)}</h1>\n<p>${escapeHtml(sentence)}</p>`);
}
