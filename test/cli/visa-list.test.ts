import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useMadeOnce } from '../fixtures/temp';

/** The small test list installed, the kiosk at Harbour Works: made once, copied for each test. */
const installed = useMadeOnce(async (dir) => {
  const kiosk = (...args: string[]) => visaKiosk(['--db', path.join(dir, 'k.db'), ...args]);
  fs.writeFileSync(path.join(dir, 'list.json'), feedBytes(smallFeed()));
  expect((await kiosk('visa', 'import', path.join(dir, 'list.json'))).code).toBe(0);
  expect((await kiosk('config', 'set', 'space.id', 'harbour')).code).toBe(0);
});

async function setUp() {
  const { dir } = await installed();
  const db = path.join(dir, 'k.db');
  const kiosk = (...args: string[]) => visaKiosk(['--db', db, ...args]);
  return { dir, db, kiosk };
}

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('publishing and installing a visa list from the command line', () => {
  it('an alliance makes a key, signs its feed, and a kiosk with the public key installs it', async () => {
    const { dir, kiosk } = await setUp();
    const key = path.join(dir, 'alliance.pem');
    const made = await visaKiosk(['visa', 'keygen', '--out', key]);
    expect(made).toMatchObject({ code: 0 });
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, 'alliance.pub.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await visaKiosk(['visa', 'keygen', '--out', key])).stderr).toMatch(/exists already: a signing key is never overwritten/);
    // The same public half by another name, and a folder that is not there: refused, nothing written.
    expect(await visaKiosk(['visa', 'keygen', '--out', key.replace(/\.pem$/, '')])).toMatchObject({
      code: 1,
      stderr: `visa-kiosk visa keygen: ${path.join(dir, 'alliance.pub.pem')} exists already: a signing key is never overwritten\n`,
    });
    expect(fs.existsSync(key.replace(/\.pem$/, ''))).toBe(false);
    const nowhere = path.join(dir, 'missing', 'k.pem');
    expect(await visaKiosk(['visa', 'keygen', '--out', nowhere])).toMatchObject({
      code: 1,
      stderr: `visa-kiosk visa keygen: cannot write ${nowhere}: its folder does not exist\n`,
    });

    const feed = path.join(dir, 'signed.json');
    fs.writeFileSync(feed, feedBytes(smallFeed({ sequence: 30 })));
    expect(await visaKiosk(['visa', 'sign', feed, '--key', key])).toMatchObject({ code: 0, stdout: `wrote ${feed}.sig\n` });
    // The signature is what the openssl command in docs/alliances.md ("Signing") would write: base64 of 64 bytes.
    expect(Buffer.from(fs.readFileSync(`${feed}.sig`, 'utf8'), 'base64')).toHaveLength(64);

    // A kiosk with no key yet installs it as an unsigned feed, and says its signature was not checked.
    const before = await kiosk('visa', 'import', feed);
    expect(before).toMatchObject({
      code: 0,
      stderr: `visa-kiosk visa import: note: ${feed}.sig was not checked: no alliance key is set (visa.publicKey or --public-key)\n`,
    });
    expect(before.stdout).not.toMatch(/signature verified/);

    const publicKey = fs.readFileSync(path.join(dir, 'alliance.pub.pem'), 'utf8');
    expect((await kiosk('config', 'set', 'visa.publicKey', publicKey)).stderr).toMatch(/must come after "--"/);
    expect((await kiosk('config', 'set', 'visa.publicKey', '--', publicKey)).code).toBe(0);
    const run = await kiosk('visa', 'import', feed, '--json');
    expect(json(run.stdout)).toMatchObject({ sequence: 30, signed: true });
    fs.writeFileSync(path.join(dir, 'unsigned.json'), feedBytes(smallFeed({ sequence: 31 })));
    expect((await kiosk('visa', 'import', path.join(dir, 'unsigned.json'))).stderr).toMatch(/not signed, and a public key is configured/);
  });

  it('a space imports its spreadsheet of members: only its own members change', async () => {
    const { dir, kiosk } = await setUp();
    const csv = path.join(dir, 'cedar.csv');
    fs.writeFileSync(
      csv,
      '\ufeffid,space,name,email,status,validUntil,credentials\r\n' +
        'cc-1,cedar,"Lovelace, Ada ""Countess""",ada@example.org,active,2099-12-31,rfid:0F00A1B2C3;barcode:CC-1\r\n' +
        'cc-9,cedar,New Member,,active,,barcode:CC-9\r\n',
    );
    const run = await kiosk('visa', 'import', csv, '--json');
    expect(run.code).toBe(0);
    expect(json(run.stdout)).toMatchObject({ sequence: 10, spaces: 4, members: 5 });
    expect(json((await kiosk('checkin', 'CC-9', '--dry-run', '--json')).stdout)).toMatchObject({ decision: 'admitted', member: { name: 'New Member' } });
    expect(json((await kiosk('checkin', 'CC-1', '--dry-run', '--json')).stdout)).toMatchObject({ member: { name: 'Lovelace, Ada "Countess"' } });
    // Grace Hopper (cc-2) was in Cedar's old list and not in its spreadsheet; Harbour's members are untouched.
    expect(json((await kiosk('checkin', 'CC-2', '--dry-run', '--json')).stdout)).toMatchObject({ reason: 'unknown_credential' });
    expect(json((await kiosk('checkin', 'HW-1', '--dry-run', '--json')).stdout)).toMatchObject({ decision: 'admitted' });
  });

  it('refuses a spreadsheet with a broken row or an unknown space, changing nothing', async () => {
    const { dir, kiosk } = await setUp();
    const csv = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      csv,
      'id,space,name,email,status,validUntil,credentials\ncc-9,cedar,New,,active,,\nx-1,atlantis,Someone,,active,,\ncc-8,cedar,Short row\n',
    );
    const run = await kiosk('visa', 'import', csv);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^visa-kiosk visa import: the CSV was refused: row 3, space: "atlantis" is not in the installed visa list; row 4.*\n$/);
    expect(json((await kiosk('visa', 'status', '--json')).stdout)).toMatchObject({ members: 6 });
  });

  it('refuses a feed nesting a value 200,000 deep with a plain reason (it failed with "Maximum call stack size exceeded"), changing nothing', async () => {
    const { dir, kiosk } = await setUp();
    const deep = path.join(dir, 'deep.json');
    const text = feedBytes(smallFeed({ sequence: 11 }))
      .toString()
      .replace('"sequence": 11,', `"sequence": 11, "x": ${'['.repeat(200_000)}${']'.repeat(200_000)},`);
    fs.writeFileSync(deep, text);
    const run = await kiosk('visa', 'import', deep);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^visa-kiosk visa import: the feed was refused: it nests lists or objects more than 64 deep \(at byte \d+\)/);
    expect(json((await kiosk('visa', 'status', '--json')).stdout)).toMatchObject({ sequence: 10, members: 6 });
  });

  it('refuses a spreadsheet giving a badge that another space’s member holds', async () => {
    const { dir, kiosk } = await setUp();
    const csv = path.join(dir, 'clash.csv');
    fs.writeFileSync(csv, 'id,space,name,email,status,validUntil,credentials\ncc-1,cedar,Ada,,active,,barcode:HW-1\n');
    const run = await kiosk('visa', 'import', csv);
    expect(run).toMatchObject({ code: 1 });
    expect(run.stderr).toMatch(/barcode:HW-1 would be held by members (hw-1, cc-1|cc-1, hw-1)/);
  });

  it('visa sync fetches from a URL, and says when the list has not changed', async () => {
    const { kiosk } = await setUp();
    const body = feedBytes(smallFeed({ sequence: 40 }));
    const server = http.createServer((req, res) => {
      if (req.headers['if-none-match'] === '"v40"') res.writeHead(304).end();
      else res.writeHead(200, { ETag: '"v40"', 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/list.json`;
    try {
      const first = await kiosk('visa', 'sync', '--url', url, '--json');
      // A loopback test server is plain http: the warning goes to stderr, the JSON stays clean.
      expect(first).toMatchObject({
        code: 0,
        stderr: 'visa-kiosk visa sync: warning: the feed URL is plain http: anyone on the way can hold back new lists or replay an old one; use https\n',
      });
      expect(json(first.stdout)).toMatchObject({ changed: true, sequence: 40, url });
      const second = await kiosk('visa', 'sync', `--url=${url}`);
      expect(second.stdout).toMatch(new RegExp(`^the list at ${url.replace(/[.]/g, '\\.')} has not changed\\n`));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    const down = await kiosk('visa', 'sync', '--url', url);
    expect(down).toMatchObject({ code: 1 });
    expect(down.stderr).toMatch(/^visa-kiosk visa sync: nothing answers at 127\.0\.0\.1:\d+ \(connection refused\)\n$/);
  });
});
