import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer, enrol, registry, signedFetch, startRegistry, type RunningRegistry } from '../fixtures/registry-server';
import { useLoopbackRegistry, type EnrolledKiosk } from '../fixtures/loopback-registry';

/** The registry served on loopback (`registry serve`, a real process): a kiosk retired or revoked, and the registry killed and started again. */
const served = useLoopbackRegistry();
const { changeCount, newCode } = served;
let dir: string;
let base: string;
let cedar: EnrolledKiosk;
let harbour: EnrolledKiosk;
let server: RunningRegistry;
beforeAll(() => ({ dir, base, cedar, harbour, server } = served));

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
    // Set on the fixture too, which stops it after the file.
    server = served.server = await startRegistry(dir);
    const replay = await signedFetch(server.url, cedar, '/v1/spaces/cedar/tokens', { method: 'POST', nonce, time });
    expect(replay).toMatchObject({ status: 401, json: { error: { code: 'replayed' } } });
    const db = new Database(path.join(dir, 'registry.db'), { readonly: true });
    const seen = db.prepare('SELECT last_seen_at FROM kiosks WHERE id = ?').pluck().get(cedar.id) as string | null;
    db.close();
    expect(Date.now() - Date.parse(seen!)).toBeLessThan(120_000);
  });
});
