import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_SKEW_SECONDS } from '../../core/registry/request-signing.js';
import { authenticate } from '../../registry/http/auth.js';
import { Nonces } from '../../registry/store/nonces.js';
import { openRegistryDb } from '../../registry/store/open.js';
import { useTempDir } from '../fixtures/temp.js';
import { addSpace } from './registry-fixture.js';
import { requestSigningText } from '../../core/registry/request-signing.js';

const tempDir = useTempDir();
const EMPTY_SHA256 = crypto.createHash('sha256').update('').digest('hex');

/** A kiosk's request, signed and dated `time`, as an outsider who captured it would send it again. */
function captured(kioskId: string, key: crypto.KeyObject, time: number) {
  const nonce = crypto.randomBytes(16).toString('base64url');
  const text = requestSigningText({ method: 'GET', path: '/v1/timestamp', time, nonce, bodySha256: EMPTY_SHA256 });
  const sig = crypto.sign(null, Buffer.from(text, 'utf8'), key).toString('base64');
  const authorization = `VisaKiosk kiosk="${kioskId}", time="${time}", nonce="${nonce}", sig="${sig}"`;
  return { method: 'GET', url: '/v1/timestamp', headers: { authorization } } as never;
}

describe('a captured signed request', () => {
  it('dated as far ahead as the clock check takes is refused as a replay until its time leaves the window', async () => {
    const db = openRegistryDb(tempDir(), { create: true });
    addSpace(db, 'alpha');
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    db.prepare("INSERT INTO kiosks (id, space_id, public_key, enrolled_at) VALUES ('k-1', 'alpha', ?, '2026-01-01T00:00:00Z')").run(
      publicKey.export({ format: 'jwk' }).x!,
    );
    const sent = 1_800_000_000;
    let now = sent;
    const nonces = new Nonces(db, now);
    const deps = { db, nonces, now: () => new Date(now * 1000), touched: new Map<string, number>() };
    try {
      const request = captured('k-1', privateKey, sent + MAX_SKEW_SECONDS);
      await expect(authenticate(deps, request, EMPTY_SHA256)).resolves.toMatchObject({ kind: 'kiosk', space: 'alpha' });
      for (const later of [1, MAX_SKEW_SECONDS, 2 * MAX_SKEW_SECONDS]) {
        now = sent + later;
        nonces.flush(now);
        await expect(authenticate(deps, request, EMPTY_SHA256)).rejects.toMatchObject({
          status: 401,
          message: 'replayed request: this signed request was sent before',
        });
      }
      now = sent + 2 * MAX_SKEW_SECONDS + 1;
      nonces.flush(now);
      await expect(authenticate(deps, request, EMPTY_SHA256)).rejects.toMatchObject({ status: 401, message: expect.stringContaining('clock') });
    } finally {
      nonces.close();
      db.close();
    }
  });
});
