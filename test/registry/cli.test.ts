import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { KeysDocument } from '../../core/registry/documents';
import { fingerprint } from '../../core/registry/ed25519';
import { openEnvelope } from '../../core/registry/envelope';
import { parseEnrolmentCode } from '../../core/registry/enrolment-code';
import { visaKiosk } from '../fixtures/cli';
import { COORDINATOR_PASSWORD, makeRegistry, registry } from '../fixtures/registry-server';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const keysDoc = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'keys', 'keys.json'), 'utf8')) as { signed: string; sig: string };
const rootOf = (dir: string) => (JSON.parse(keysDoc(dir).signed) as KeysDocument).root;

// Every test runs several real processes; a loaded machine (2 cores, shared) stretches each to seconds.
describe('visa-kiosk registry on the command line', { timeout: 120_000 }, () => {
  it('init makes the database, an owner-only root and online key, and a keys document the root signs', async () => {
    const dir = path.join(tempDir(), 'reg');
    const run = await registry(
      ['init', '--dir', dir, '--name', 'Lisbon Alliance', '--public-url', 'https://registry.example.org', '--json'],
      COORDINATOR_PASSWORD,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/root key is still on this server/);
    for (const key of ['root.key', 'online.key']) {
      expect(mode(path.join(dir, 'keys', key))).toBe(0o600);
      expect(fs.readFileSync(path.join(dir, 'keys', key), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    }
    expect(mode(path.join(dir, 'registry.db'))).toBe(0o600);
    const opened = await openEnvelope(keysDoc(dir), rootOf(dir), KeysDocument, 'keys document');
    expect(opened).toMatchObject({ ok: true, document: { alliance: 'Lisbon Alliance', version: 1 } });
    const online = crypto.createPublicKey(fs.readFileSync(path.join(dir, 'keys', 'online.key'))).export({ format: 'jwk' }).x;
    expect(opened.ok && opened.document.online).toBe(online);
    expect(JSON.parse(run.stdout)).toEqual({ dir, name: 'Lisbon Alliance', rootFingerprint: await fingerprint(rootOf(dir)) });
  });

  it('init refuses a short password and a folder that holds a registry, and makes nothing', async () => {
    const dir = path.join(tempDir(), 'reg');
    const short = await registry(['init', '--dir', dir, '--name', 'A', '--public-url', 'https://r.example.org'], 'short\n');
    expect(short).toMatchObject({ code: 1, stderr: 'visa-kiosk registry init: the coordinator password must be at least 12 characters: give it on stdin\n' });
    expect(fs.existsSync(dir)).toBe(false);
    await makeRegistry(dir);
    const again = await registry(['init', '--dir', dir, '--name', 'B', '--public-url', 'https://r.example.org'], COORDINATOR_PASSWORD);
    expect(again).toMatchObject({ code: 1, stderr: `visa-kiosk registry init: ${dir} already holds a registry: choose an empty folder\n` });
    const noUrl = await registry(['init', '--dir', path.join(tempDir(), 'x'), '--name', 'B', '--public-url', 'registry'], COORDINATOR_PASSWORD);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(
      /^visa-kiosk registry init: --public-url takes the http\(s\) address kiosks reach the registry by, e.g. https:\/\/registry.example.org\n/,
    );
  });

  it('space add prints a one-time code carrying the root fingerprint; --json gives code and expiresAt', async () => {
    const dir = tempDir();
    await makeRegistry(dir);
    const add = await registry([
      'space',
      'add',
      'harbour',
      '--name',
      'Harbour Works',
      '--city',
      'Lisbon',
      '--country',
      'PT',
      '--timezone',
      'Europe/Lisbon',
      '--dir',
      dir,
    ]);
    expect(add.code).toBe(0);
    const code = add.stdout.trim().split('\n').at(-1)!;
    const parsed = parseEnrolmentCode(code);
    expect(parsed).toMatchObject({ space: 'harbour', rootPrefix: (await fingerprint(rootOf(dir))).slice(0, 32) });
    const another = await registry(['space', 'code', 'harbour', '--dir', dir, '--json']);
    const json = JSON.parse(another.stdout) as { code: string; expiresAt: string };
    expect(Object.keys(json).sort()).toEqual(['code', 'expiresAt']);
    expect(json.code).not.toBe(code);
    expect(Date.parse(json.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    // Only the secret's hash is kept.
    const db = new Database(path.join(dir, 'registry.db'), { readonly: true });
    const secret = (parsed as { secret: string }).secret;
    expect(
      db.prepare('SELECT count(*) AS n FROM enrolment_codes WHERE secret_sha256 = ?').get(crypto.createHash('sha256').update(secret).digest('hex')),
    ).toEqual({ n: 1 });
    expect(JSON.stringify(db.prepare('SELECT * FROM enrolment_codes').all())).not.toContain(secret);
    db.close();
  });

  it('space add refuses bad and duplicate spaces in one line', async () => {
    const dir = tempDir();
    await makeRegistry(dir, ['harbour']);
    const args = ['--name', 'H', '--city', 'Lisbon', '--country', 'PT', '--timezone', 'Europe/Lisbon', '--dir', dir];
    expect(await registry(['space', 'add', 'harbour', ...args])).toMatchObject({
      code: 1,
      stderr: 'visa-kiosk registry space add: space "harbour" is already enrolled\n',
    });
    const badZone = await registry(['space', 'add', 'cedar', ...args.slice(0, -4), '--timezone', 'Mars/Olympus', '--dir', dir]);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toMatch(/^visa-kiosk registry space add: --timezone is not an IANA timezone/);
    const missing = await registry(['space', 'add', 'cedar', '--dir', dir]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/^visa-kiosk registry space add: --name is required: the space's name, 1 to 200 characters\n/);
    const badCountry = await registry(['space', 'add', 'cedar', ...args.slice(0, 4), '--country', 'pt', ...args.slice(6)]);
    expect(badCountry).toMatchObject({ code: 2 });
    expect(badCountry.stderr).toMatch(/^visa-kiosk registry space add: --country takes a two-letter ISO 3166 country code like PT\n/);
    for (const code of ['ZZ', 'XX', 'UK', 'EU']) {
      const noCountry = await registry(['space', 'add', 'cedar', ...args.slice(0, 4), '--country', code, ...args.slice(6)]);
      expect(noCountry).toMatchObject({ code: 2 });
      expect(noCountry.stderr).toMatch(/^visa-kiosk registry space add: --country must be a two-letter ISO 3166 country code, such as PT or DE\n/);
    }
    const badId = await registry(['space', 'add', 'cedar hub', ...args]);
    expect(badId).toMatchObject({ code: 2 });
    expect(badId.stderr).toMatch(/^visa-kiosk registry space add: the space id may hold only letters, digits, "\.", "_" and "-"\n/);
    const badPort = await registry(['serve', '--port', '-1', '--dir', dir]);
    expect(badPort).toMatchObject({ code: 2 });
    expect(badPort.stderr).toMatch(/^visa-kiosk registry serve: --port takes a port number from 0 to 65535\n/);
    expect(await registry(['space', 'code', 'nowhere', '--dir', dir])).toMatchObject({
      code: 1,
      stderr: 'visa-kiosk registry space code: there is no space "nowhere" in this registry\n',
    });
  });

  it('space list, suspend, resume and remove: the states show, a step that does not apply is refused', async () => {
    const dir = tempDir();
    await makeRegistry(dir, ['cedar', 'harbour']);
    expect((await registry(['space', 'suspend', 'harbour', '--dir', dir])).code).toBe(0);
    expect(await registry(['space', 'resume', 'cedar', '--dir', dir])).toMatchObject({
      code: 1,
      stderr: 'visa-kiosk registry space resume: space "cedar" is already active\n',
    });
    const list = JSON.parse((await registry(['space', 'list', '--dir', dir, '--json'])).stdout) as { id: string; state: string; visa: unknown }[];
    expect(list.map((s) => [s.id, s.state])).toEqual([
      ['cedar', 'active'],
      ['harbour', 'suspended'],
    ]);
    expect(list[0]!.visa).toEqual({ accepts: true, freeDaysPerMonth: 3, noticeHours: 0, notes: '' });
    expect((await registry(['space', 'list', '--dir', dir])).stdout).toMatch(
      /^cedar +active +Space cedar \(Lisbon, PT\): 3 free visa days a month, no notice\n/,
    );
    expect((await registry(['space', 'remove', 'harbour', '--dir', dir])).code).toBe(0);
    expect(await registry(['space', 'resume', 'harbour', '--dir', dir])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/was removed from the alliance/),
    });
    expect(await registry(['space', 'code', 'harbour', '--dir', dir])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/is removed: it cannot enrol kiosks/),
    });
    const after = JSON.parse((await registry(['space', 'list', '--dir', dir, '--json'])).stdout) as { id: string }[];
    expect(after.map((s) => s.id)).toEqual(['cedar']);
    // Every step is in the change log, by the coordinator.
    const db = new Database(path.join(dir, 'registry.db'), { readonly: true });
    expect(db.prepare("SELECT kind, target FROM changes WHERE actor = 'coordinator' ORDER BY id").all()).toEqual([
      { kind: 'space_added', target: 'cedar' },
      { kind: 'space_added', target: 'harbour' },
      { kind: 'space_suspended', target: 'harbour' },
      { kind: 'space_removed', target: 'harbour' },
    ]);
    db.close();
  });

  it('status gives integers and null before the first publication, and warns while the root key is on the server', async () => {
    const dir = tempDir();
    await makeRegistry(dir, ['cedar', 'harbour']);
    const status = await registry(['status', '--dir', dir, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({ sequence: 0, spaces: 2, members: 0, kiosks: 0, lastPublishedAt: null });
    expect(status.stderr).toMatch(/^warning: the offline root key is still on this server/);
    fs.renameSync(path.join(dir, 'keys', 'root.key'), path.join(tempDir(), 'root.key'));
    expect(await registry(['status', '--dir', dir])).toMatchObject({ code: 0, stderr: '' });
  });

  it('backup copies the database with the keys document, never a private key; it will not overwrite', async () => {
    const dir = tempDir();
    await makeRegistry(dir, ['cedar']);
    const out = path.join(tempDir(), 'registry-backup.db');
    const run = await registry(['backup', '--dir', dir, '--out', out]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(mode(out)).toBe(0o600);
    const db = new Database(out, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'keys_document'").pluck().get()).toBe(
      fs.readFileSync(path.join(dir, 'keys', 'keys.json'), 'utf8').trim(),
    );
    expect(db.prepare('SELECT id FROM spaces').pluck().all()).toEqual(['cedar']);
    db.close();
    expect(fs.readFileSync(out).includes('PRIVATE KEY')).toBe(false);
    expect(await registry(['backup', '--dir', dir, '--out', out])).toMatchObject({
      code: 1,
      stderr: `visa-kiosk registry backup: ${out} exists already: name a new file\n`,
    });
  });

  it('key rotate makes version 2 signed by the root; a key that is not the root is refused and nothing changes', async () => {
    const dir = tempDir();
    await makeRegistry(dir);
    const before = fs.readFileSync(path.join(dir, 'keys', 'keys.json'), 'utf8');
    const wrong = await registry(['key', 'rotate', '--dir', dir, '--root-key', path.join(dir, 'keys', 'online.key')]);
    expect(wrong).toMatchObject({
      code: 1,
      stderr: `visa-kiosk registry key rotate: ${path.join(dir, 'keys', 'online.key')} is not this alliance's root key\n`,
    });
    expect(fs.readFileSync(path.join(dir, 'keys', 'keys.json'), 'utf8')).toBe(before);
    const root = path.join(tempDir(), 'root.key');
    fs.renameSync(path.join(dir, 'keys', 'root.key'), root);
    const run = await registry(['key', 'rotate', '--dir', dir, '--root-key', root, '--json']);
    expect(run).toMatchObject({ code: 0, stdout: '{"version":2}\n' });
    const opened = await openEnvelope(keysDoc(dir), rootOf(dir), KeysDocument, 'keys document');
    const online = crypto.createPublicKey(fs.readFileSync(path.join(dir, 'keys', 'online.key'))).export({ format: 'jwk' }).x;
    expect(opened).toMatchObject({ ok: true, document: { version: 2, online } });
    expect(JSON.parse(JSON.parse(before).signed).online).not.toBe(online);
    expect(mode(path.join(dir, 'keys', 'online.key'))).toBe(0o600);
  });

  it('usage: no --dir, an unknown command and no command are exit 2; the kiosk help lists registry', async () => {
    expect(await registry(['status'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^visa-kiosk registry status: --dir is missing/) });
    expect(await registry(['frobnicate'])).toMatchObject({
      code: 2,
      stderr: 'visa-kiosk registry: unknown command "frobnicate"; see visa-kiosk registry --help\n',
    });
    for (const word of ['constructor', '__proto__'])
      expect(await registry([word, '--dir', tempDir()])).toMatchObject({
        code: 2,
        stderr: `visa-kiosk registry: unknown command "${word}"; see visa-kiosk registry --help\n`,
      });
    expect((await registry([])).code).toBe(2);
    const space = await registry(['space', '--help']);
    expect(space.code).toBe(0);
    expect(space.stdout.split('\n')[0]).toBe('usage: visa-kiosk registry space COMMAND --dir DIR [options]');
    expect(space.stdout.match(/^ {2}\S+ \S+/gm)).toEqual([
      '  space add',
      '  space code',
      '  space list',
      '  space suspend',
      '  space resume',
      '  space remove',
    ]);
    expect(await registry(['status', '--dir', tempDir()])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/holds no registry: make one with `visa-kiosk registry init/),
    });
    expect((await visaKiosk(['--help'])).stdout).toMatch(/^ {2}registry …\s+the alliance registry/m);
  });
});
