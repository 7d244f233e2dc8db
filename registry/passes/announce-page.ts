import type { Announcement } from '../store/announcements.js';
import type { SpaceRow } from '../store/spaces.js';
import { escapeHtml as e, htmlPage } from '../pages/html.js';

/**
 * The page where a member announces a visit: works without script (a plain form), on a phone
 * opened from the pass page or from the QR a host's kiosk shows.
 */

export interface AnnounceView {
  alliance: string;
  pass: string;
  member: { name: string; spaceName: string };
  hosts: SpaceRow[];
  /** Every space's name by id: an open visit may be to a space no longer taking visitors. */
  spaceNames: ReadonlyMap<string, string>;
  chosenHost: string | null;
  /** The day the member chose last, kept in the field after a refusal. */
  chosenDate: string | null;
  /** The date field's bounds: today, and the last day the registry takes (ANNOUNCE_MAX_DAYS ahead). */
  today: string;
  lastDay: string;
  /** The member's visits still to come, each with Cancel: a day over at its host is no longer listed. */
  open: Announcement[];
  /** The outcome of the last submit: a confirmation or a refusal sentence. */
  message: { kind: 'done' | 'refused'; text: string } | null;
}

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0 auto;padding:1.2rem;max-width:36rem;color:#111}label{display:block;margin:1rem 0 .3rem;font-weight:600}' +
  'select,input{font-size:1.1rem;padding:.6rem;width:100%;box-sizing:border-box}button{font-size:1.1rem;padding:.8rem 1.4rem;margin-top:1rem;border-radius:.5rem;border:0;background:#1d4ed8;color:#fff}' +
  '.done{background:#dcfce7;padding:.8rem;border-radius:.5rem}.refused{background:#fee2e2;padding:.8rem;border-radius:.5rem}' +
  'li{margin:.5rem 0}small{color:#444}form.inline{display:inline}form.inline button{margin:0 0 0 .6rem;padding:.3rem .8rem;font-size:.95rem;background:#6b7280}';

export const ANNOUNCE_PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

function terms(host: SpaceRow): string {
  const days = `${host.visa.freeDaysPerMonth} free day${host.visa.freeDaysPerMonth === 1 ? '' : 's'} a month`;
  const notice = host.visa.noticeHours > 0 ? `, announce ${host.visa.noticeHours} hours ahead` : ', no notice needed';
  return days + notice;
}

/** Opened from a host kiosk's QR without a pass: the host's terms, and how to announce with one. */
export function hostIntroPage(alliance: string, host: SpaceRow): string {
  return htmlPage({
    title: `${alliance}: announce a visit`,
    style: STYLE,
    body: `<h1>Announce a visit to ${e(host.name)}</h1>
<p>${e(host.name)}, ${e(host.city)}: ${e(terms(host))}.</p>
${host.visa.notes ? `<p><small>${e(host.visa.notes)}</small></p>` : ''}
<p>Open the pass link your space sent you and choose <strong>Announce a visit</strong>: your pass tells ${e(host.name)} who you are.</p>`,
  });
}

/** The form, only when there is a space to choose: an empty list would block the submit with the browser's own words. */
function form(view: AnnounceView): string {
  const options = view.hosts
    .map((h) => `<option value="${e(h.id)}"${h.id === view.chosenHost ? ' selected' : ''}>${e(h.name)} (${e(h.city)})</option>`)
    .join('');
  const value = view.chosenDate ? ` value="${e(view.chosenDate)}"` : '';
  return `<form method="post" action="/announce">
<input type="hidden" name="pass" value="${e(view.pass)}">
<label for="host">Space</label>
<select id="host" name="host" required>${options}</select>
<label for="date">Day of your visit</label>
<input id="date" name="date" type="date" min="${e(view.today)}" max="${e(view.lastDay)}"${value} required>
<button type="submit">Announce</button>
</form>
`;
}

export function announcePage(view: AnnounceView): string {
  const list = view.hosts
    .map((h) => `<li><strong>${e(h.name)}</strong>, ${e(h.city)}: ${e(terms(h))}${h.visa.notes ? `<br><small>${e(h.visa.notes)}</small>` : ''}</li>`)
    .join('');
  const open = view.open
    .map(
      (a) =>
        `<li>${e(view.spaceNames.get(a.host) ?? a.host)}, ${e(a.date)}<form class="inline" method="post" action="/announce/cancel">` +
        `<input type="hidden" name="pass" value="${e(view.pass)}"><input type="hidden" name="id" value="${e(a.id)}"><button type="submit">Cancel</button></form></li>`,
    )
    .join('');
  const message = view.message ? `<p class="${view.message.kind}" role="${view.message.kind === 'done' ? 'status' : 'alert'}">${e(view.message.text)}</p>` : '';
  return htmlPage({
    title: `${view.alliance}: announce a visit`,
    style: STYLE,
    body: `<h1>Announce a visit</h1>
<p>${e(view.member.name)}, member of ${e(view.member.spaceName)}</p>
${message}
${view.hosts.length > 0 ? form(view) : '<p>No other space takes visitors at the moment.</p>\n'}${open ? `<h2>Your announced visits</h2><ul>${open}</ul>` : ''}
${list ? `<h2>Spaces and their terms</h2>\n<ul>${list}</ul>\n` : ''}`,
  });
}
