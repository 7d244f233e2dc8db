import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeysDocument } from '../../core/registry/documents';
import { fingerprint } from '../../core/registry/ed25519';
import { openEnvelope } from '../../core/registry/envelope';
import { parseEnrolmentCode } from '../../core/registry/enrolment-code';
import { answer, enrol, kioskKey, makeRegistry, registry, signedFetch, signedHeaders, startRegistry, type RunningRegistry } from '../fixtures/registry-server';

let dir: string;
let server: RunningRegistry;
let base: string;
let codes: Record<string, string>;
type Kiosk = { id: string; privateKey: crypto.KeyObject };
let cedar: Kiosk;
let harbour: Kiosk;

const changeCount = () => {
  const db = new Database(path.join(dir, 'registry.db'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM changes').pluck().get() as number;
  } finally {
    db.close();
  }
};
const post = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
  answer(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));

beforeAll(async () => {
  // Not useTempDir: that one empties after each test, and this registry serves the whole file.
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'visa-kiosk-registry-'));
  codes = await makeRegistry(dir, ['cedar', 'harbour', 'lumen']);
  // The registry runs without its root key, as it must once the key is kept offline.
  fs.renameSync(path.join(dir, 'keys', 'root.key'), path.join(dir, 'root.key.offline'));
  server = await startRegistry(dir);
  base = server.url;
  cedar = await enrol(base, codes.cedar!);
  harbour = await enrol(base, codes.harbour!);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const newCode = async (space: string) => (JSON.parse((await registry(['space', 'code', space, '--dir', dir, '--json'])).stdout) as { code: string }).code;

describe('the registry on loopback: public routes and enrolment', { timeout: 60_000 }, () => {
  it('serves the root-signed keys document whose root matches the enrolment code, with no root key on the server', async () => {
    expect(server.output()).not.toMatch(/root key is still on this server/);
    const keys = await answer(await fetch(`${base}/v1/keys`));
    const root = (JSON.parse((keys.json as { signed: string }).signed) as KeysDocument).root;
    expect(await openEnvelope(keys.json, root, KeysDocument, 'keys document')).toMatchObject({ ok: true, document: { alliance: 'Test Alliance', version: 1 } });
    expect((await fingerprint(root)).slice(0, 32)).toBe((parseEnrolmentCode(codes.lumen!) as { rootPrefix: string }).rootPrefix);
  });

  it('lists spaces and their terms in the directory, as JSON and as a page, without member data', async () => {
    const directory = await answer(await fetch(`${base}/v1/directory`));
    expect(directory.json).toMatchObject({ alliance: 'Test Alliance' });
    expect((directory.json.spaces as { id: string }[]).map((s) => s.id)).toEqual(['cedar', 'harbour', 'lumen']);
    expect((directory.json.spaces as object[])[0]).toEqual({
      id: 'cedar',
      name: 'Space cedar',
      city: 'Lisbon',
      country: 'PT',
      timezone: 'Europe/Lisbon',
      visa: { accepts: true, freeDaysPerMonth: 3, noticeHours: 0, notes: '' },
      dayPass: null,
      state: 'active',
    });
    for (const address of ['/', '/directory']) {
      const page = await fetch(`${base}${address}`);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toContain('<td>Space harbour</td>');
      expect(html).toContain('3 free days a month');
    }
  });

  it('enrols a kiosk once per code: the code used twice is 410, and the second kiosk is not registered', async () => {
    const code = await newCode('lumen');
    const first = await post(`${base}/v1/enrol`, { code, publicKey: kioskKey().publicKey });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ space: { id: 'lumen', name: 'Space lumen' }, alliance: 'Test Alliance', keys: { signed: expect.any(String) } });
    expect(first.json.kioskId).toMatch(/^k-/);
    const second = await post(`${base}/v1/enrol`, { code, publicKey: kioskKey().publicKey });
    expect(second).toMatchObject({
      status: 410,
      json: { error: { code: 'used', message: 'this enrolment code was used already: ask the coordinator for another (`registry space code`)' } },
    });
  });

  it('refuses an expired code (410), a mistyped one (400), another alliance’s (400), a key nothing can sign with (400) and a key enrolled already (409)', async () => {
    const code = await newCode('lumen');
    const db = new Database(path.join(dir, 'registry.db'));
    const secret = (parseEnrolmentCode(code) as { secret: string }).secret;
    db.prepare("UPDATE enrolment_codes SET expires_at = '2020-01-01T00:00:00.000Z' WHERE secret_sha256 = ?").run(
      crypto.createHash('sha256').update(secret).digest('hex'),
    );
    db.close();
    const before = changeCount();
    expect(await post(`${base}/v1/enrol`, { code, publicKey: kioskKey().publicKey })).toMatchObject({
      status: 410,
      json: { error: { code: 'expired', message: 'this enrolment code has expired: ask the coordinator for another (`registry space code`)' } },
    });
    expect(await post(`${base}/v1/enrol`, { code: code.slice(0, -3), publicKey: kioskKey().publicKey })).toMatchObject({
      status: 400,
      json: { error: { code: 'bad_code', message: 'the enrolment code is cut short or mistyped: copy the whole code' } },
    });
    const otherAlliance = code.replace(/\.[0-9a-f]{32}$/, `.${'0'.repeat(32)}`);
    expect((await post(`${base}/v1/enrol`, { code: otherAlliance, publicKey: kioskKey().publicKey })).json.error).toMatchObject({ code: 'other_alliance' });
    // The identity point: no signature from it could ever be heard, and the code is not used up by it.
    const identity = Buffer.alloc(32);
    identity[0] = 1;
    const fresh = await newCode('lumen');
    expect(await post(`${base}/v1/enrol`, { code: fresh, publicKey: identity.toString('base64url') })).toMatchObject({
      status: 400,
      json: { error: { code: 'bad_key', message: "the kiosk's public key is no Ed25519 key it could sign with: make a new key pair and join again" } },
    });
    const key = kioskKey().publicKey;
    expect((await post(`${base}/v1/enrol`, { code: fresh, publicKey: key })).status).toBe(201);
    expect((await post(`${base}/v1/enrol`, { code: await newCode('lumen'), publicKey: key })).status).toBe(409);
    expect(changeCount()).toBe(before + 1);
  });
});

describe('the registry on loopback: signed kiosk requests', { timeout: 60_000 }, () => {
  it('takes a signed request once: the same request again is refused as replayed', async () => {
    const nonce = crypto.randomBytes(16).toString('base64url');
    const time = Math.floor(Date.now() / 1000);
    const first = await signedFetch(base, cedar, '/v1/spaces/cedar/tokens', { method: 'POST', body: { label: 'crm' }, nonce, time });
    expect(first.status).toBe(201);
    expect(first.json.token).toMatch(/^vkt_[A-Za-z0-9_-]{43}$/);
    const before = changeCount();
    const replay = await signedFetch(base, cedar, '/v1/spaces/cedar/tokens', { method: 'POST', body: { label: 'crm' }, nonce, time });
    expect(replay).toMatchObject({ status: 401, json: { error: { code: 'replayed', message: 'replayed request: this signed request was sent before' } } });
    expect(changeCount()).toBe(before);
  });

  it('reports a clock more than 5 minutes off in words, and takes one within 5 minutes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const behind = await signedFetch(base, cedar, '/v1/timestamp', { time: now - 7 * 60 });
    expect(behind).toMatchObject({
      status: 401,
      json: { error: { code: 'clock_skew', message: "this kiosk's clock is 7 minutes behind the registry's: set the clock" } },
    });
    const ahead = await signedFetch(base, cedar, '/v1/timestamp', { time: now + 3 * 3600 });
    expect(ahead.json.error!.message).toBe("this kiosk's clock is 3 hours ahead of the registry's: set the clock");
    expect((await signedFetch(base, cedar, '/v1/timestamp', { time: now - 4 * 60 })).json.error?.code).not.toBe('clock_skew');
  });

  it('refuses a signature by another key, a body changed after signing and an unknown kiosk', async () => {
    const forged = await signedFetch(base, { id: cedar.id, privateKey: kioskKey().privateKey }, '/v1/timestamp');
    expect(forged).toMatchObject({ status: 401, json: { error: { code: 'bad_signature' } } });
    const headers = signedHeaders(cedar, 'POST', '/v1/spaces/cedar/tokens', JSON.stringify({ label: 'a' }));
    const changed = await answer(await fetch(`${base}/v1/spaces/cedar/tokens`, { method: 'POST', headers, body: JSON.stringify({ label: 'b' }) }));
    expect(changed.json.error).toMatchObject({ code: 'bad_signature', message: "the request's signature does not match this kiosk's registered key" });
    const stranger = await signedFetch(base, { id: 'k-nobody', privateKey: kioskKey().privateKey }, '/v1/timestamp');
    expect(stranger).toMatchObject({ status: 401, json: { error: { code: 'unknown_kiosk' } } });
    expect((await answer(await fetch(`${base}/v1/timestamp`))).status).toBe(401);
  });

  it("refuses a kiosk writing another space's members or terms, in one sentence, and changes nothing", async () => {
    const before = changeCount();
    const terms = await signedFetch(base, cedar, '/v1/spaces/harbour/terms', { method: 'PUT', body: { visa: { accepts: false } } });
    expect(terms).toMatchObject({
      status: 403,
      json: { error: { code: 'other_space', message: "this kiosk belongs to cedar: it can change only cedar's members and terms" } },
    });
    const member = await signedFetch(base, cedar, '/v1/spaces/harbour/members', { method: 'POST', body: { id: 'x-1', name: 'Mallory', status: 'active' } });
    expect(member.status).toBe(403);
    const roster = await signedFetch(base, cedar, '/v1/spaces/harbour/roster', { method: 'PUT', body: { members: [] } });
    expect(roster.status).toBe(403);
    expect((await signedFetch(base, cedar, '/v1/spaces/harbour/members/h-1', { method: 'DELETE' })).status).toBe(403);
    expect((await signedFetch(base, cedar, '/v1/spaces/harbour/tokens', { method: 'POST', body: {} })).status).toBe(403);
    expect(changeCount()).toBe(before);
  });
});

describe('the registry on loopback: per-space API tokens', { timeout: 60_000 }, () => {
  it('a token writes only its own space, never reads a list, never makes tokens; a revoked or wrong token is refused', async () => {
    const made = await signedFetch(base, harbour, '/v1/spaces/harbour/tokens', { method: 'POST' });
    expect(made.status).toBe(201);
    const bearer = { authorization: `Bearer ${made.json.token as string}` };
    const before = changeCount();
    const cross = await post(`${base}/v1/spaces/cedar/members`, { id: 'c-9', name: 'Mallory', status: 'active' }, bearer);
    expect(cross).toMatchObject({
      status: 403,
      json: { error: { code: 'other_space', message: "this API token belongs to harbour: it can change only harbour's members and terms" } },
    });
    for (const address of ['/v1/timestamp', '/v1/manifest/1', '/v1/feed/1', '/v1/deltas?from=0']) {
      const read = await answer(await fetch(`${base}${address}`, { headers: bearer }));
      expect(read).toMatchObject({ status: 403, json: { error: { code: 'kiosk_only' } } });
    }
    expect((await post(`${base}/v1/spaces/harbour/tokens`, {}, bearer)).json.error).toMatchObject({ code: 'kiosk_only' });
    const wrong = await post(
      `${base}/v1/spaces/harbour/members`,
      { id: 'h-9', name: 'Eve', status: 'active' },
      { authorization: `Bearer vkt_${'A'.repeat(43)}` },
    );
    expect(wrong).toMatchObject({ status: 401, json: { error: { code: 'unknown_token' } } });
    const revoked = await signedFetch(base, harbour, `/v1/spaces/harbour/tokens/${made.json.id as string}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    const after = await post(`${base}/v1/spaces/harbour/members`, { id: 'h-9', name: 'Eve', status: 'active' }, bearer);
    expect(after).toMatchObject({
      status: 401,
      json: { error: { code: 'token_revoked', message: 'this API token was revoked: a space manager can make a new one' } },
    });
    // Only the revocation was logged.
    expect(changeCount()).toBe(before + 1);
    expect((await signedFetch(base, cedar, `/v1/spaces/cedar/tokens/${made.json.id as string}`, { method: 'DELETE' })).status).toBe(404);
  });

  it("a token made or revoked sends kiosks nothing new: `registry status`'s sequence stays; a member added still publishes", async () => {
    const sequence = async () => (JSON.parse((await registry(['status', '--dir', dir, '--json'])).stdout) as { sequence: number }).sequence;
    const member = await signedFetch(base, cedar, '/v1/spaces/cedar/members', { method: 'POST', body: { id: 'c-tokens', name: 'Ada', status: 'active' } });
    expect(member.status).toBe(201);
    const before = member.json.sequence as number;
    expect(await sequence()).toBe(before);

    const made = await signedFetch(base, cedar, '/v1/spaces/cedar/tokens', { method: 'POST', body: { label: 'membership system' } });
    expect(made.status).toBe(201);
    expect((await signedFetch(base, cedar, `/v1/spaces/cedar/tokens/${made.json.id as string}`, { method: 'DELETE' })).status).toBe(200);
    // Past the publisher's two-second interval: a publication for either change would be on disk by now.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await sequence()).toBe(before);

    const removed = await signedFetch(base, cedar, '/v1/spaces/cedar/members/c-tokens', { method: 'DELETE' });
    expect(removed).toMatchObject({ status: 200, json: { sequence: before + 1 } });
    expect(await sequence()).toBe(before + 1);
  });

  it("a suspended space's kiosks and tokens are refused; resumed, they are let in again", async () => {
    const token = (await signedFetch(base, harbour, '/v1/spaces/harbour/tokens', { method: 'POST' })).json.token as string;
    const code = await newCode('harbour');
    expect((await registry(['space', 'suspend', 'harbour', '--dir', dir])).code).toBe(0);
    try {
      const poll = await signedFetch(base, harbour, '/v1/timestamp');
      expect(poll).toMatchObject({ status: 403, json: { error: { code: 'space_closed', message: 'space harbour is suspended by the alliance' } } });
      const write = await post(`${base}/v1/spaces/harbour/members`, { id: 'h-9', name: 'Eve', status: 'active' }, { authorization: `Bearer ${token}` });
      expect(write).toMatchObject({ status: 403, json: { error: { message: 'space harbour is suspended by the alliance' } } });
      const joining = await post(`${base}/v1/enrol`, { code, publicKey: kioskKey().publicKey });
      expect(joining).toMatchObject({ status: 403, json: { error: { message: 'space harbour is suspended by the alliance' } } });
    } finally {
      expect((await registry(['space', 'resume', 'harbour', '--dir', dir])).code).toBe(0);
    }
    expect((await signedFetch(base, harbour, '/v1/timestamp')).json.error?.code).not.toBe('space_closed');
    // The refused enrolment left its code unused.
    expect((await post(`${base}/v1/enrol`, { code, publicKey: kioskKey().publicKey })).status).toBe(201);
  });
});

describe('the registry on loopback: a revoked kiosk', { timeout: 60_000 }, () => {
  it('a kiosk retires its own registration with a signed DELETE /v1/kiosks/me; a token retires none, and another kiosk stays in', async () => {
    const leaving = await enrol(base, await newCode('harbour'));
    const token = (await signedFetch(base, harbour, '/v1/spaces/harbour/tokens', { method: 'POST' })).json.token as string;
    const byToken = await answer(await fetch(`${base}/v1/kiosks/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }));
    expect(byToken).toMatchObject({ status: 403, json: { error: { code: 'kiosk_only' } } });
    expect((await answer(await fetch(`${base}/v1/kiosks/me`, { method: 'DELETE' }))).status).toBe(401);
    expect((await answer(await fetch(`${base}/v1/kiosks/me`, { method: 'POST' }))).status).toBe(405);
    const before = changeCount();

    // Even while its space is suspended: giving up its own registration grants it nothing.
    expect((await registry(['space', 'suspend', 'harbour', '--dir', dir])).code).toBe(0);
    try {
      expect(await signedFetch(base, leaving, '/v1/timestamp')).toMatchObject({ status: 403, json: { error: { code: 'space_closed' } } });
      expect(await signedFetch(base, leaving, '/v1/kiosks/me', { method: 'DELETE' })).toMatchObject({ status: 200, json: { id: leaving.id, revoked: true } });
    } finally {
      expect((await registry(['space', 'resume', 'harbour', '--dir', dir])).code).toBe(0);
    }
    expect(changeCount()).toBe(before + 3);
    expect(await signedFetch(base, leaving, '/v1/timestamp')).toMatchObject({ status: 403, json: { error: { code: 'kiosk_revoked' } } });
    expect(await signedFetch(base, leaving, '/v1/kiosks/me', { method: 'DELETE' })).toMatchObject({ status: 403, json: { error: { code: 'kiosk_revoked' } } });
    expect((await signedFetch(base, harbour, '/v1/timestamp')).status).toBe(200);
  });

  it('is refused from its next request, in words; its space and other kiosks go on; the list says when', async () => {
    const stolen = await enrol(base, await newCode('harbour'));
    expect((await signedFetch(base, stolen, '/v1/timestamp')).status).toBe(200);
    const before = changeCount();

    const revoked = await registry(['kiosk', 'revoke', stolen.id, '--dir', dir]);
    expect(revoked).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^kiosk .* of harbour is revoked: the registry refuses it from its next request\\n$`)),
    });
    expect(changeCount()).toBe(before + 1);
    for (const path of ['/v1/timestamp', '/v1/feed/1', '/v1/deltas?from=0']) {
      expect(await signedFetch(base, stolen, path)).toMatchObject({
        status: 403,
        json: { error: { code: 'kiosk_revoked', message: 'this kiosk was revoked by the alliance: join again with a new enrolment code' } },
      });
    }
    expect((await signedFetch(base, harbour, '/v1/timestamp')).status).toBe(200);

    const listed = JSON.parse((await registry(['kiosk', 'list', '--dir', dir, '--json'])).stdout) as {
      id: string;
      spaceId: string;
      revokedAt: string | null;
      publicKey?: string;
    }[];
    expect(listed.find((k) => k.id === stolen.id)).toMatchObject({ spaceId: 'harbour', revokedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(listed.find((k) => k.id === harbour.id)).toMatchObject({ revokedAt: null });
    expect(listed.every((k) => k.publicKey === undefined)).toBe(true);
    expect((await registry(['kiosk', 'list', '--dir', dir])).stdout).toMatch(new RegExp(`^${stolen.id} +harbour .* revoked \\d{4}-`, 'm'));

    expect(await registry(['kiosk', 'revoke', stolen.id, '--dir', dir])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`kiosk "${stolen.id}" was revoked already, at `),
    });
    expect(await registry(['kiosk', 'revoke', 'k-AAAAAAAAAAAAAAAA', '--dir', dir])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no kiosk "k-AAAAAAAAAAAAAAAA" is enrolled here: `registry kiosk list` shows them'),
    });
    expect(await registry(['kiosk', 'revoke', 'harbour', '--dir', dir])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"harbour" is not a kiosk id'),
    });
    expect(changeCount()).toBe(before + 1);
  });
});

describe('the registry on loopback: after a crash', { timeout: 60_000 }, () => {
  it('still refuses a replay of a request it took before it was killed, and notes when kiosks were last seen', async () => {
    const nonce = crypto.randomBytes(16).toString('base64url');
    const time = Math.floor(Date.now() / 1000);
    expect((await signedFetch(base, cedar, '/v1/spaces/cedar/tokens', { method: 'POST', nonce, time })).status).toBe(201);
    // Nonces reach the database within a second; then the power goes.
    await new Promise((r) => setTimeout(r, 1500));
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    process.kill(server.process.pid!, 'SIGKILL');
    await exited;
    server = await startRegistry(dir);
    const replay = await signedFetch(server.url, cedar, '/v1/spaces/cedar/tokens', { method: 'POST', nonce, time });
    expect(replay).toMatchObject({ status: 401, json: { error: { code: 'replayed' } } });
    const db = new Database(path.join(dir, 'registry.db'), { readonly: true });
    const seen = db.prepare('SELECT last_seen_at FROM kiosks WHERE id = ?').pluck().get(cedar.id) as string | null;
    db.close();
    expect(Date.now() - Date.parse(seen!)).toBeLessThan(120_000);
  });
});
