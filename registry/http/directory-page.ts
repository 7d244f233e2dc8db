import { escapeHtml as e, htmlPage } from '../pages/html.js';
import type { SpaceRow } from '../store/spaces.js';

/** What the public directory shows of a space: where it is and its terms, never a member. */
export function directoryEntry(space: SpaceRow) {
  return {
    id: space.id,
    name: space.name,
    city: space.city,
    country: space.country,
    timezone: space.timezone,
    visa: space.visa,
    dayPass: space.dayPass ?? null,
    state: space.state,
  };
}

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}';

function terms(space: SpaceRow): string {
  if (space.state === 'suspended') return 'suspended by the alliance';
  if (!space.visa.accepts) return 'not taking visitors at the moment';
  const days = `${space.visa.freeDaysPerMonth} free day${space.visa.freeDaysPerMonth === 1 ? '' : 's'} a month`;
  const notice = space.visa.noticeHours > 0 ? `, book ${space.visa.noticeHours} hours ahead` : '';
  return `${days}${notice}`;
}

/** The participants page: the exchange's list of spaces, kept current by the spaces themselves. */
export function directoryPage(alliance: string, spaces: SpaceRow[]): string {
  const rows = spaces
    .map(
      (s) =>
        `<tr><td>${e(s.name)}</td><td>${e(s.city)}, ${e(s.country)}</td><td>${e(terms(s))}${
          s.visa.notes ? `<br><small>${e(s.visa.notes)}</small>` : ''
        }</td><td>${s.dayPass ? `${e(s.dayPass.price)} ${e(s.dayPass.currency)}` : '—'}</td></tr>`,
    )
    .join('\n');
  return htmlPage({
    title: `${alliance}: participating spaces`,
    style: STYLE,
    body: `<h1>${e(alliance)}</h1>
<p>Members of these spaces work at the others as visitors, on each space's terms.</p>
<table><thead><tr><th>Space</th><th>Where</th><th>Visitors</th><th>Day pass</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="4">No spaces have joined yet.</td></tr>'}
</tbody></table>`,
  });
}
