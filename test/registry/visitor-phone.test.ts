import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../core/calendar';
import { visaKiosk } from '../fixtures/cli';
import { signedPass, useNoticeExchange, type Kiosk } from '../fixtures/notice-exchange';
import { enrol, signedFetch, type RunningRegistry } from '../fixtures/registry-server';
import { holdExclusive } from '../reliability/faults';

/**
 * What a member's phone meets at a real registry process when the address or the form is not
 * what the pages made: a page with one sentence each time, and nothing recorded.
 */

const exchange = useNoticeExchange({
  members: ['hw-1,harbour,Inês Carvalho,,active,,', 'hw-2,harbour,Rui Costa,,active,2026-01-31,'],
  passLinks: true,
});
let registryDir: string;
let server: RunningRegistry;
let cedarKiosk: Awaited<ReturnType<typeof enrol>>;
let link: string;
let harbourLinks: string[];
let cedar: Kiosk;
let harbour: Kiosk;

beforeAll(async () => {
  ({ registryDir, server, cedar, harbour, links: harbourLinks } = exchange());
  link = harbourLinks[0]!;
  const more = await visaKiosk(['registry', 'space', 'code', 'cedar', '--dir', registryDir, '--json']);
  cedarKiosk = await enrol(server.url, JSON.parse(more.stdout).code);
}, 60_000);

/** A pass signed with the registry's online key, issued `issuedAt` (now unless told) for 30 days. */
const pass = (memberId: string, issuedAt = new Date()) => signedPass(registryDir, memberId, { issuedAt });

const form = (action: string, fields: Record<string, string>) =>
  fetch(`${server.url}${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

/** The sentences a page says, tags taken out. */
const said = (html: string) => [...html.matchAll(/<p[^>]*>([^]*?)<\/p>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));

const tomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

describe('a member’s phone at the registry, off the paths its pages make', { timeout: 60_000 }, () => {
  it('a pass link cut short, or with a dot or slash a mail program added, opens a page saying so, not JSON', async () => {
    expect((await fetch(link)).status).toBe(200);
    for (const address of [`${link}.`, `${link}/`, link.slice(0, -1), `${link}/card`, `${server.url}/pass/harbour/hw-1`, `${server.url}/pass`]) {
      const opened = await fetch(address);
      expect(opened.status, address).toBe(404);
      expect(opened.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(opened.headers.get('cache-control')).toBe('no-store');
      expect(said(await opened.text())).toContain(
        'This address is not a whole pass link: open the link your space sent you again, all of it and nothing more.',
      );
    }
  });

  it('the cancel address opened again (a restored tab, a shared address) shows the announce page, not a bare refusal', async () => {
    const again = await fetch(`${server.url}/announce/cancel?pass=${encodeURIComponent(await pass('hw-1'))}`);
    expect(again.status).toBe(200);
    expect(again.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(said(await again.text())).toContain('Inês Carvalho, member of Space harbour');
    const bare = await fetch(`${server.url}/announce/cancel`);
    expect(said(await bare.text())).toEqual(['Open this page from your pass link: it needs your pass to know who you are.']);
  });

  it('a space posted as 50 KB of text or with a line break gets one short sentence that does not repeat it, and nothing is recorded', async () => {
    const text = await pass('hw-1');
    for (const host of ['x'.repeat(50_000), 'ce\r\ndar']) {
      const refused = await form('/announce', { pass: text, host, date: tomorrow() });
      expect(refused.status).toBe(404);
      const html = await refused.text();
      expect(html.length).toBeLessThan(5_000);
      expect(said(html)).toContain('There is no such space in this alliance: choose one from the list.');
    }
    const api = await fetch(`${server.url}/v1/announcements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pass: text, host: 'ce\r\ndar', date: tomorrow() }),
    });
    expect(await api.json()).toEqual({ error: { code: 'unknown_space', message: 'there is no such space in this alliance: choose one from the list' } });
    expect((await signedFetch(server.url, cedarKiosk, '/v1/announcements?since=0')).json.announcements).toEqual([]);
  });

  it('while another program holds the registry database’s write lock, the pass page still opens and the form answers as a page in words', async () => {
    const lock = await holdExclusive(path.join(registryDir, 'registry.db'));
    try {
      const opened = await fetch(link);
      expect(opened.status).toBe(200);
      expect(await opened.text()).toContain('Inês Carvalho');
      const refused = await form('/announce', { pass: await pass('hw-1'), host: 'cedar', date: tomorrow() });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(said(await refused.text())).toContainEqual(
        expect.stringMatching(/^The announcement was not saved: the database is locked by another program \(waited \d+ s\); try again\.$/),
      );
    } finally {
      await lock.release();
    }
    expect((await signedFetch(server.url, cedarKiosk, '/v1/announcements?since=0')).json.announcements).toEqual([]);
  });

  it('a visit announced yesterday, sent again today inside the notice window, is the same visit, not a refusal', async () => {
    expect((await cedar('alliance', 'terms', 'set', '--notice-hours', '24')).code).toBe(0);
    try {
      const today = localDate(new Date(), 'Europe/Lisbon');
      // Announced yesterday, when today was still far enough ahead.
      const db = new Database(path.join(registryDir, 'registry.db'));
      try {
        db.prepare(
          "INSERT INTO announcements (id, host_space, member_id, member_space, name, date, announced_at, cancelled_at, seq) VALUES ('0b9f4a52-6b0e-4d8e-9d59-3c1f0f0f0001', 'cedar', 'hw-1', 'harbour', 'Inês Carvalho', ?, ?, NULL, (SELECT coalesce(max(seq), 0) + 1 FROM announcements))",
        ).run(today, new Date(Date.now() - 86_400_000).toISOString());
      } finally {
        db.close();
      }
      const before = (await signedFetch(server.url, cedarKiosk, '/v1/announcements?since=0')).json;
      const again = await fetch(`${server.url}/v1/announcements`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pass: await pass('hw-1'), host: 'cedar', date: today }),
      });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ id: '0b9f4a52-6b0e-4d8e-9d59-3c1f0f0f0001', host: 'cedar', date: today, repeated: true });
      expect((await signedFetch(server.url, cedarKiosk, '/v1/announcements?since=0')).json).toEqual(before);
      const page = await form('/announce', { pass: await pass('hw-1'), host: 'cedar', date: today });
      expect(said(await page.text())).toContain(`Space cedar expects you on ${today}. Their kiosk will know you are coming.`);
    } finally {
      expect((await cedar('alliance', 'terms', 'set', '--notice-hours', '0')).code).toBe(0);
    }
  });

  it('when no other space takes visitors the page says so with no form to fail, and a visit announced before is named by its space', async () => {
    const text = await pass('hw-1');
    const date = tomorrow();
    expect((await form('/announce', { pass: text, host: 'cedar', date })).status).toBe(200);
    expect((await cedar('alliance', 'terms', 'set', '--accepts', 'false')).code).toBe(0);
    const html = await (await fetch(`${server.url}/announce?pass=${encodeURIComponent(text)}`)).text();
    expect(said(html)).toContain('No other space takes visitors at the moment.');
    expect(html).not.toContain('<select');
    expect(html).not.toContain('>Announce</button>');
    expect(html).toContain(`<li>Space cedar, ${date}<form class="inline" method="post" action="/announce/cancel">`);
  });

  it('a member of a space that takes no visitors gets no pass and cannot announce, as its kiosks deny them; taking visitors again, both work', async () => {
    const text = await pass('hw-1');
    expect((await harbour('alliance', 'terms', 'set', '--accepts', 'false')).code).toBe(0);
    try {
      const passPage = await fetch(link);
      expect(passPage.status).toBe(403);
      expect(said(await passPage.text())).toEqual([
        'Space harbour is not taking part in the exchange at the moment, so there is no pass for you. Ask Space harbour about it.',
      ]);
      const announced = await fetch(`${server.url}/v1/announcements`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pass: text, host: 'cedar', date: tomorrow() }),
      });
      expect(announced.status).toBe(403);
      expect(await announced.json()).toEqual({
        error: { code: 'member_inactive', message: 'Space harbour is not taking part in the exchange at the moment: ask Space harbour about it' },
      });
    } finally {
      expect((await harbour('alliance', 'terms', 'set', '--accepts', 'true')).code).toBe(0);
    }
    expect((await fetch(link)).status).toBe(200);
  });

  it('a member whose membership ended, or whose space the alliance suspended, cannot announce with a pass still in date, and is told which', async () => {
    expect((await cedar('alliance', 'terms', 'set', '--accepts', 'true')).code).toBe(0);
    // Issued before the membership's last day moved back: the pass itself has not run out.
    const ended = await fetch(`${server.url}/v1/announcements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pass: await pass('hw-2', new Date(Date.now() - 86_400_000)), host: 'cedar', date: tomorrow() }),
    });
    expect(ended.status).toBe(403);
    expect(await ended.json()).toEqual({
      error: { code: 'member_inactive', message: 'your membership at Space harbour ended on 2026-01-31: ask Space harbour about it' },
    });
    expect((await visaKiosk(['registry', 'space', 'suspend', 'harbour', '--dir', registryDir])).code).toBe(0);
    const page = await fetch(`${server.url}/announce?pass=${encodeURIComponent(await pass('hw-1'))}`);
    expect(page.status).toBe(403);
    expect(said(await page.text())).toEqual(['Space harbour is not taking part in the exchange at the moment: ask Space harbour about it.']);
    const passPage = await fetch(harbourLinks[0]!);
    expect(said(await passPage.text())).toEqual([
      'Space harbour is not taking part in the exchange at the moment, so there is no pass for you. Ask Space harbour about it.',
    ]);
    expect((await signedFetch(server.url, cedarKiosk, '/v1/announcements?since=0')).json.announcements).not.toContainEqual(
      expect.objectContaining({ memberId: 'hw-2' }),
    );
  });
});
