import { beforeAll, describe, expect, it } from 'vitest';
import { answer, kioskKey, registry, signedFetch } from '../fixtures/registry-server';
import { useLoopbackRegistry, type EnrolledKiosk } from '../fixtures/loopback-registry';

/** The registry served on loopback (`registry serve`, a real process): a space's API tokens, and a suspended space. */
const served = useLoopbackRegistry();
const { changeCount, post, newCode } = served;
let dir: string;
let base: string;
let cedar: EnrolledKiosk;
let harbour: EnrolledKiosk;
beforeAll(() => ({ dir, base, cedar, harbour } = served));

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

  it("lists its own space's tokens to its kiosks, revoked ones with when, never a token or its hash; not to a token, nor to another space", async () => {
    const made = await signedFetch(base, cedar, '/v1/spaces/cedar/tokens', { method: 'POST', body: { label: 'listed' } });
    const gone = await signedFetch(base, cedar, '/v1/spaces/cedar/tokens', { method: 'POST' });
    expect((await signedFetch(base, cedar, `/v1/spaces/cedar/tokens/${gone.json.id as string}`, { method: 'DELETE' })).status).toBe(200);
    const listed = await signedFetch(base, cedar, '/v1/spaces/cedar/tokens');
    expect(listed.status).toBe(200);
    const tokens = listed.json.tokens as Record<string, unknown>[];
    expect(tokens.find((t) => t.id === made.json.id)).toEqual({
      id: made.json.id,
      label: 'listed',
      createdAt: expect.stringMatching(/^\d{4}-/),
      createdBy: `kiosk:${cedar.id}`,
      revokedAt: null,
    });
    expect(tokens.find((t) => t.id === gone.json.id)).toMatchObject({ revokedAt: expect.stringMatching(/^\d{4}-/) });
    expect(JSON.stringify(listed.json)).not.toContain('vkt_');
    expect(JSON.stringify(listed.json)).not.toMatch(/sha256|[0-9a-f]{64}/);
    const bearer = { authorization: `Bearer ${made.json.token as string}` };
    expect(await answer(await fetch(`${base}/v1/spaces/cedar/tokens`, { headers: bearer }))).toMatchObject({
      status: 403,
      json: { error: { code: 'kiosk_only' } },
    });
    expect(await signedFetch(base, harbour, '/v1/spaces/cedar/tokens')).toMatchObject({ status: 403, json: { error: { code: 'other_space' } } });
    expect((await signedFetch(base, harbour, '/v1/spaces/harbour/tokens')).json.tokens).not.toContainEqual(expect.objectContaining({ id: made.json.id }));
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
