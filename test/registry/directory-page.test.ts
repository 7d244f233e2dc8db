import { describe, expect, it } from 'vitest';
import { directoryEntry, directoryPage } from '../../registry/http/directory-page';
import type { SpaceRow } from '../../registry/store/spaces';

const space = (over: Partial<SpaceRow>): SpaceRow => ({
  id: 'harbour',
  name: 'Harbour Works',
  city: 'Lisbon',
  country: 'PT',
  timezone: 'Europe/Lisbon',
  visa: { accepts: true, freeDaysPerMonth: 3, noticeHours: 0, notes: '' },
  dayPass: null,
  state: 'active',
  createdAt: '2026-12-01T00:00:00.000Z',
  ...over,
});

describe('the public directory page', () => {
  it("shows each space's terms in words, and a suspended or closed space as such", () => {
    const html = directoryPage('Lisbon Alliance', [
      space({ visa: { accepts: true, freeDaysPerMonth: 1, noticeHours: 24, notes: '' }, dayPass: { price: '15.00', currency: 'EUR' } }),
      space({ id: 'cedar', name: 'Cedar', state: 'suspended' }),
      space({ id: 'lumen', name: 'Lumen', visa: { accepts: false, freeDaysPerMonth: 3, noticeHours: 0, notes: '' } }),
    ]);
    expect(html).toContain('<td>1 free day a month, book 24 hours ahead</td><td>15.00 EUR</td>');
    expect(html).toContain('<td>suspended by the alliance</td>');
    expect(html).toContain('<td>not taking visitors at the moment</td>');
  });

  it("escapes what spaces write, so a space's notes cannot put markup on the alliance's page", () => {
    const html = directoryPage('A & B', [
      space({ name: '<img src=x onerror=alert(1)>', visa: { accepts: true, freeDaysPerMonth: 3, noticeHours: 0, notes: '"><script>x</script>' } }),
    ]);
    expect(html).not.toMatch(/<script>|<img/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('<h1>A &amp; B</h1>');
  });

  it('lists no member data and no internal fields in the JSON entry', () => {
    expect(Object.keys(directoryEntry(space({})))).toEqual(['id', 'name', 'city', 'country', 'timezone', 'visa', 'dayPass', 'state']);
  });
});
