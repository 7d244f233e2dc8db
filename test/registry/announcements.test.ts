import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPass, passKeyId, type PassFields } from '../../core/pass/visa-pass';
import { KeysDocument } from '../../core/registry/documents';
import { earliestVisitDate } from '../../core/registry/notice-window';
import { visaKiosk } from '../fixtures/cli';
import { signedPass, useNoticeExchange } from '../fixtures/notice-exchange';
import { enrol, moveVisitDay, registry, signedFetch, type RunningRegistry } from '../fixtures/registry-server';
import { until } from '../fixtures/wait';

/** Members announce visits with their pass at a real registry process; the host's kiosks read them. */

const exchange = useNoticeExchange({
  members: ['hw-1,harbour,Inês Carvalho,,active,,', 'hw-2,harbour,Rui Costa,,active,,'],
  cedarTerms: { noticeHours: 24, notes: 'Tell us a day ahead' },
});
let server: RunningRegistry;
let cedarKiosk: Awaited<ReturnType<typeof enrol>>;
let harbourKiosk: Awaited<ReturnType<typeof enrol>>;

beforeAll(async () => {
  ({ server } = exchange());
  const more = await Promise.all(
    ['cedar', 'harbour'].map((space) => visaKiosk(['registry', 'space', 'code', space, '--dir', exchange().registryDir, '--json'])),
  );
  cedarKiosk = await enrol(server.url, JSON.parse(more[0]!.stdout).code);
  harbourKiosk = await enrol(server.url, JSON.parse(more[1]!.stdout).code);
}, 60_000);

/** A pass signed with the registry's own online key, as its pass page issues one. */
const pass = (memberId: string, change: Partial<PassFields> = {}, key?: crypto.KeyObject) => signedPass(exchange().registryDir, memberId, change, key);

const post = async (body: unknown) => {
  const response = await fetch(`${server.url}/v1/announcements`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
};

const earliest = () => earliestVisitDate(new Date(), 'Europe/Lisbon', 24);
const dayBefore = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('announcing a visit at the registry', () => {
  it("is taken with a member's pass for a day outside the host's notice window, once, and the host's kiosk reads it", async () => {
    const date = earliest();
    const first = await post({ pass: await pass('hw-1'), host: 'cedar', date });
    expect(first).toMatchObject({ status: 201, json: { host: 'cedar', date, repeated: false } });
    const again = await post({ pass: (await pass('hw-1')).toLowerCase(), host: 'cedar', date });
    expect(again).toMatchObject({ status: 200, json: { id: first.json.id, repeated: true } });

    const heard = await signedFetch(server.url, cedarKiosk, '/v1/announcements?since=0');
    expect(heard.status).toBe(200);
    expect(heard.json.announcements).toEqual([
      expect.objectContaining({ id: first.json.id, memberId: 'hw-1', memberSpace: 'harbour', name: 'Inês Carvalho', date, cancelled: false }),
    ]);
    const cursor = heard.json.cursor as number;
    expect((await signedFetch(server.url, harbourKiosk, '/v1/announcements?since=0')).json.announcements).toEqual([]);
    expect((await signedFetch(server.url, cedarKiosk, `/v1/announcements?since=${cursor}`)).json).toEqual({ cursor, announcements: [] });

    const cancelled = await fetch(`${server.url}/v1/announcements/${first.json.id}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pass: await pass('hw-1') }),
    });
    expect(cancelled.status).toBe(200);
    const after = await signedFetch(server.url, cedarKiosk, `/v1/announcements?since=${cursor}`);
    expect(after.json.announcements).toEqual([expect.objectContaining({ id: first.json.id, cancelled: true })]);
  });

  it('refuses, each in one sentence: a day inside the notice window, the own space, an unknown space, an expired, forged or other member’s pass', async () => {
    const inside = await post({ pass: await pass('hw-2'), host: 'cedar', date: dayBefore(earliest()) });
    expect(inside.status).toBe(409);
    expect(inside.json.error!.message).toBe(`Space cedar asks for 24 hours' notice: the earliest day you can announce now is ${earliest()}`);
    expect((await post({ pass: await pass('hw-2'), host: 'harbour', date: earliest() })).json.error!.code).toBe('own_space');
    expect((await post({ pass: await pass('hw-2'), host: 'nowhere', date: earliest() })).json.error!.message).toBe(
      'there is no space "nowhere" in this alliance',
    );
    const old = new Date(Date.now() - 40 * 86_400_000);
    const expired = await post({
      pass: await pass('hw-2', { issuedAt: old, expiresAt: new Date(old.getTime() + 31 * 86_400_000) }),
      host: 'cedar',
      date: earliest(),
    });
    expect(expired.json.error).toEqual({ code: 'pass_expired', message: 'this pass has expired: open your pass link again for a new one' });
    const forged = await post({ pass: await pass('hw-2', {}, crypto.generateKeyPairSync('ed25519').privateKey), host: 'cedar', date: earliest() });
    expect(forged.json.error!.code).toBe('pass_invalid');
    const stranger = await post({ pass: await pass('zz-9'), host: 'cedar', date: earliest() });
    expect(stranger.json.error!.message).toBe('this pass belongs to a member who is no longer on their space’s list');
    expect((await post({ pass: 'CV1:ABC', host: 'cedar', date: 'tomorrow' })).json.error!.message).toMatch(/^the announcement date/);
    expect((await signedFetch(server.url, cedarKiosk, '/v1/announcements?since=0')).json.announcements).not.toContainEqual(
      expect.objectContaining({ memberId: 'hw-2' }),
    );
  });

  it('works as a page without script on a phone: the spaces with their terms and notes, a form, a confirmation', async () => {
    const text = await pass('hw-2');
    const page = await fetch(`${server.url}/announce?pass=${encodeURIComponent(text)}&host=cedar`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Rui Costa, member of Space harbour');
    expect(html).toContain('<option value="cedar" selected>');
    expect(html).toContain('announce 24 hours ahead');
    expect(html).toContain('Tell us a day ahead');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");

    const form = (date: string) =>
      fetch(`${server.url}/announce`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ pass: text, host: 'cedar', date }),
      });
    const refused = await (await form(dayBefore(earliest()))).text();
    expect(refused).toContain('asks for 24 hours&#39; notice');
    const done = await (await form(earliest())).text();
    expect(done).toContain(`Space cedar expects you on ${earliest()}.`);
    expect(done).toContain('Your announced visits');
    const fromKiosk = await (await fetch(`${server.url}/announce?host=cedar`)).text();
    expect(fromKiosk).toContain('Announce a visit to Space cedar');
    expect(fromKiosk).toContain('Tell us a day ahead');
    expect(fromKiosk).toContain('Open the pass link your space sent you');
    const noPass = await fetch(`${server.url}/announce`);
    expect(noPass.status).toBe(400);
    expect(await noPass.text()).toContain('Open this page from your pass link');
  });

  it('a visit whose day is over at the host is no longer listed to cancel, and cancelling it is refused in one sentence', async () => {
    const text = await pass('hw-2');
    const lisbonToday = earliestVisitDate(new Date(), 'Europe/Lisbon', 0);
    const yesterday = dayBefore(lisbonToday);
    const gone = await post({ pass: text, host: 'cedar', date: dayAfter(dayAfter(earliest())) });
    expect(gone.status).toBe(201);
    moveVisitDay(exchange().registryDir, gone.json.id as string, yesterday);
    const coming = await post({ pass: text, host: 'cedar', date: dayAfter(earliest()) });
    expect(coming.status).toBe(201);

    const html = await (await fetch(`${server.url}/announce?pass=${encodeURIComponent(text)}`)).text();
    const listed = html.slice(html.indexOf('Your announced visits'), html.indexOf('Spaces and their terms'));
    // Rui's visits still to come (the one of the page above among them), each with Cancel; yesterday's is gone.
    expect([...listed.matchAll(/<li>Space cedar, (\d{4}-\d\d-\d\d)<form/g)].map((m) => m[1])).toEqual([earliest(), dayAfter(earliest())]);
    expect(listed.match(/>Cancel</g)).toHaveLength(2);

    const refused = `your visit to Space cedar on ${yesterday} is over: only a visit still to come can be cancelled`;
    const cancel = await fetch(`${server.url}/v1/announcements/${gone.json.id}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pass: text }),
    });
    expect(cancel.status).toBe(409);
    expect(await cancel.json()).toEqual({ error: { code: 'past', message: refused } });
    const form = await fetch(`${server.url}/announce/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ pass: text, id: gone.json.id as string }),
    });
    expect(form.status).toBe(409);
    expect(await form.text()).toContain(
      `<p class="refused" role="alert">Your visit to Space cedar on ${yesterday} is over: only a visit still to come can be cancelled.</p>`,
    );
    // The host's kiosk never hears of it again: the visit stays as announced.
    const heard = await signedFetch(server.url, cedarKiosk, '/v1/announcements?since=0');
    expect(heard.json.announcements).not.toContainEqual(expect.objectContaining({ id: gone.json.id, cancelled: true }));
  });
});

describe('after `registry key rotate` beside the running registry', () => {
  it('a pass the old key signed before the rotation still counts; one it signed after (a leaked old key) is refused by the registry and the kiosk', async () => {
    const { dir, registryDir } = exchange();
    const harbour = async (...args: string[]) => visaKiosk([...args, '--db', path.join(dir, 'harbour.db')]);
    const oldKey = crypto.createPrivateKey(fs.readFileSync(path.join(registryDir, 'keys', 'online.key')));
    const before = await pass('hw-1', {}, oldKey);
    const links = path.join(dir, 'links.csv');
    expect((await harbour('alliance', 'passes', '--out', links)).code).toBe(0);
    const link = server.url + new URL(fs.readFileSync(links, 'utf8').trim().split('\r\n')[1]!.split(',').pop()!).pathname;

    expect((await registry(['key', 'rotate', '--dir', registryDir, '--root-key', path.join(registryDir, 'keys', 'root.key')])).code).toBe(0);
    const keys = KeysDocument.parse(JSON.parse(JSON.parse(fs.readFileSync(path.join(registryDir, 'keys', 'keys.json'), 'utf8')).signed));
    const retiredAt = new Date(keys.retired![0]!.retiredAt);
    // The pass page opened at once signs with the new key: the old one, used after its retirement, would be refused everywhere.
    const page = await (await fetch(link)).text();
    const fresh = decodeURIComponent(page.match(/href="\/announce\?pass=([^"&]+)"/)![1]!);
    expect(await checkPass(fresh, new Map([[await passKeyId(keys.online), keys.online]]), new Date())).toMatchObject({ status: 'valid' });
    const leaked = await pass('hw-1', { issuedAt: new Date(retiredAt.getTime() + 1000) }, oldKey);

    // The registry: the pass from before announces a visit, the leaked key's is no pass of this alliance.
    expect(await post({ pass: before, host: 'cedar', date: dayAfter(earliest()) })).toMatchObject({ status: 201 });
    expect(await post({ pass: leaked, host: 'cedar', date: dayAfter(earliest()) })).toMatchObject({
      status: 403,
      json: { error: { code: 'pass_invalid', message: 'this is not a valid pass of this alliance: open the pass link your space sent you' } },
    });

    // The kiosk, once the registry publishes under the new key and the kiosk syncs.
    await until(
      'a timestamp signed by key version 2',
      async () => JSON.parse(((await signedFetch(server.url, harbourKiosk, '/v1/timestamp')).json as { signed: string }).signed).keyVersion === 2,
      20_000,
      100,
    );
    expect(await harbour('visa', 'sync')).toMatchObject({ code: 0 });
    const tap = async (text: string) => JSON.parse((await harbour('checkin', text, '--dry-run', '--json')).stdout);
    expect(await tap(before)).toMatchObject({ decision: 'admitted', member: { id: 'hw-1' } });
    expect(await tap(fresh)).toMatchObject({ decision: 'admitted', member: { id: 'hw-1' } });
    expect(await tap(leaked)).toMatchObject({ decision: 'denied', reason: 'pass_invalid', passFault: 'retired_key' });
  }, 60_000);
});
