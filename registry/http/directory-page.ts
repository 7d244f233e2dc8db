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

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

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
        `<tr><td>${escape(s.name)}</td><td>${escape(s.city)}, ${escape(s.country)}</td><td>${escape(terms(s))}${
          s.visa.notes ? `<br><small>${escape(s.visa.notes)}</small>` : ''
        }</td><td>${s.dayPass ? `${escape(s.dayPass.price)} ${escape(s.dayPass.currency)}` : '—'}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(alliance)}: participating spaces</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}</style>
</head><body>
<h1>${escape(alliance)}</h1>
<p>Members of these spaces work at the others as visitors, on each space's terms.</p>
<table><thead><tr><th>Space</th><th>Where</th><th>Visitors</th><th>Day pass</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="4">No spaces have joined yet.</td></tr>'}
</tbody></table>
</body></html>
`;
}
