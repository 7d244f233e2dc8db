import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeysDocument } from '../../core/registry/documents';
import { fingerprint } from '../../core/registry/ed25519';
import { openEnvelope } from '../../core/registry/envelope';
import { parseEnrolmentCode } from '../../core/registry/enrolment-code';
import { answer, kioskKey, signedFetch, signedHeaders, type RunningRegistry } from '../fixtures/registry-server';
import { useLoopbackRegistry, type EnrolledKiosk } from '../fixtures/loopback-registry';

/** The registry served on loopback (`registry serve`, a real process): its public routes, enrolment, and what a signed kiosk request must be. */
const served = useLoopbackRegistry();
const { changeCount, post, newCode } = served;
let dir: string;
let base: string;
let codes: Record<string, string>;
let cedar: EnrolledKiosk;
let server: RunningRegistry;
beforeAll(() => ({ dir, base, codes, cedar, server } = served));

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
