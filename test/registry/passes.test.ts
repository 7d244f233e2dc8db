import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPass, passKeyId } from '../../core/pass/visa-pass';
import { KeysDocument } from '../../core/registry/documents';
import { visaKiosk } from '../fixtures/cli';
import { enrol, makeRegistry, signedFetch, startRegistry, type RunningRegistry } from '../fixtures/registry-server';

/** Pass links made by a real registry process, read by a member's browser and a space's mail merge. */

let dir: string;
let registryDir: string;
let server: RunningRegistry;
let kiosk: (...args: string[]) => ReturnType<typeof visaKiosk>;
let cedarCode: string;

const ROSTER = [
  'id,space,name,email,status,validUntil,credentials',
  'hw-1,harbour,Inês Carvalho,ines@example.org,active,,barcode:HW-1',
  'hw-2,harbour,"=HYPERLINK(""x"")",,active,,',
  'hw-3,harbour,Rui Costa,,suspended,,',
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-test-'));
  registryDir = path.join(dir, 'registry');
  const codes = await makeRegistry(registryDir, ['harbour', 'cedar']);
  cedarCode = codes.cedar!;
  server = await startRegistry(registryDir);
  const db = path.join(dir, 'harbour.db');
  kiosk = (...args) => visaKiosk([...args, '--db', db]);
  expect((await kiosk('alliance', 'join', server.url, codes.harbour!)).code).toBe(0);
  fs.writeFileSync(path.join(dir, 'members.csv'), ROSTER.join('\n'));
  expect((await kiosk('alliance', 'publish', path.join(dir, 'members.csv'))).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function passLinks(): Promise<Map<string, string>> {
  const out = path.join(dir, 'links.csv');
  const made = await kiosk('alliance', 'passes', '--out', out, '--json');
  expect(made.stderr).toBe('');
  expect(JSON.parse(made.stdout)).toEqual({ out, members: 3 });
  const rows = fs
    .readFileSync(out, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  return new Map(rows.slice(1).map((row) => [row.split(',')[0]!, row.slice(row.lastIndexOf(',') + 1)]));
}

/** What a member's phone shows at the link: the QR decoded from the page's SVG, as a kiosk camera would. */
function qrTextOf(html: string): string {
  const svg = /<svg[\s\S]*<\/svg>/.exec(html)![0];
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: 600 }, background: 'white' }).render();
  const found = jsQR(new Uint8ClampedArray(image.pixels), image.width, image.height);
  if (!found) throw new Error('no QR code on the pass page');
  return found.data;
}

const onlineKey = () => KeysDocument.parse(JSON.parse(JSON.parse(fs.readFileSync(path.join(registryDir, 'keys', 'keys.json'), 'utf8')).signed)).online;
const local = (link: string) => server.url + new URL(link).pathname;

describe('visa passes from the registry', () => {
  it('says in one sentence when --out names a missing folder or a folder, and writes nothing', async () => {
    const missing = path.join(dir, 'nodir', 'x.csv');
    expect(await kiosk('alliance', 'passes', '--out', missing)).toMatchObject({
      code: 1,
      stderr: `visa-kiosk alliance passes: cannot write ${missing}: its folder does not exist\n`,
    });
    const folder = path.join(dir, 'x');
    fs.mkdirSync(folder);
    expect(await kiosk('alliance', 'passes', '--out', folder)).toMatchObject({
      code: 1,
      stderr: `visa-kiosk alliance passes: cannot write ${folder}: it is a folder\n`,
    });
    expect(fs.readdirSync(folder)).toEqual([]);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it("gives a space's kiosk every member's link in a CSV for a mail merge, private to its owner, formulas neutralised", async () => {
    const links = await passLinks();
    expect([...links.keys()]).toEqual(['hw-1', 'hw-2', 'hw-3']);
    for (const link of links.values()) expect(link).toMatch(/^https:\/\/registry\.example\.org\/pass\/harbour\/hw-\d\/[A-Za-z0-9_-]{22}$/);
    const text = fs.readFileSync(path.join(dir, 'links.csv'), 'utf8');
    expect(text).toContain('member_id,name,email,status,pass_link\r\n');
    expect(text).toContain('hw-1,Inês Carvalho,ines@example.org,active,');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(fs.statSync(path.join(dir, 'links.csv')).mode & 0o777).toBe(0o600);
  });

  it("opens a page whose QR is a pass the alliance's key signed, for that member, valid 31 days; and a printable card", async () => {
    const link = local((await passLinks()).get('hw-1')!);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Inês Carvalho');
    expect(html).toContain('Announce a visit');
    const text = qrTextOf(html);
    const key = onlineKey();
    const check = await checkPass(text, new Map([[await passKeyId(key), key]]), new Date());
    expect(check).toMatchObject({ status: 'valid', pass: { memberId: 'hw-1', spaceId: 'harbour', name: 'Inês Carvalho' } });
    if (check.status !== 'valid') return;
    const days = (check.pass.expiresAt.getTime() - check.pass.issuedAt.getTime()) / 86_400_000;
    expect(days).toBe(31);
    expect(html).toContain(`/announce?pass=${encodeURIComponent(text)}`);

    const card = await fetch(`${link}/card.pdf`);
    expect(card.headers.get('content-type')).toBe('application/pdf');
    const pdf = path.join(dir, 'card.pdf');
    fs.writeFileSync(pdf, Buffer.from(await card.arrayBuffer()));
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('Inês Carvalho');
  });

  it('gives no pass to a suspended member, and says so; a link with one character changed, or of a removed member, does not work', async () => {
    const links = await passLinks();
    const suspended = await fetch(local(links.get('hw-3')!));
    expect(suspended.status).toBe(403);
    expect(await suspended.text()).toContain('<p>Your membership at Space harbour is not active, so there is no pass for you. Ask Space harbour about it.</p>');

    const good = local(links.get('hw-1')!);
    const altered = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    const refused = await fetch(altered);
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('This pass link does not work any more');
    const otherMember = good.replace('/hw-1/', '/hw-2/');
    expect((await fetch(otherMember)).status).toBe(404);

    expect((await kiosk('alliance', 'member', 'remove', 'hw-2')).code).toBe(0);
    expect((await fetch(local(links.get('hw-2')!))).status).toBe(404);
    expect((await fetch(`${local(links.get('hw-2')!)}/card.pdf`)).status).toBe(404);
  });

  it("gives pass links only to the space's own signed kiosks: not to another space's kiosk's view, not to a token, not unsigned", async () => {
    const cedar = await enrol(server.url, cedarCode);
    const theirs = await signedFetch(server.url, cedar, '/v1/pass-links');
    expect(theirs.status).toBe(200);
    expect(theirs.json).toEqual({ space: 'cedar', links: [] });
    const token = JSON.parse((await kiosk('alliance', 'token', 'create', '--json')).stdout).token as string;
    const byToken = await fetch(`${server.url}/v1/pass-links`, { headers: { authorization: `Bearer ${token}` } });
    expect(byToken.status).toBe(403);
    expect((await byToken.json()).error.message).toContain('an API token cannot read pass links');
    expect((await fetch(`${server.url}/v1/pass-links`)).status).toBe(401);
  });
});
