import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { usableKioskKey, verifyKioskSignature } from '../../registry/http/kiosk-signature';
import { kioskKey } from '../fixtures/registry-server';

/** A kiosk's key pair as enrolment registers it (the public half as base64url of its 32 bytes), and its signature over a text. */
function kioskKeys() {
  const { publicKey, privateKey } = kioskKey();
  return { publicKey, sign: (text: string) => crypto.sign(null, Buffer.from(text), privateKey).toString('base64') };
}

describe("the registry's check of a kiosk's request signature (libsodium)", () => {
  const kiosk = kioskKeys();
  const text = 'GET\n/v1/timestamp\n2026-12-06T02:00:00Z\nnonce-1\n';

  it("accepts a signature node:crypto made with the kiosk's key, and only over that text", async () => {
    expect(await verifyKioskSignature(kiosk.publicKey, text, kiosk.sign(text))).toBe(true);
    expect(await verifyKioskSignature(kiosk.publicKey, `${text} `, kiosk.sign(text))).toBe(false);
  });

  it("refuses another kiosk's signature, one cut short or padded, garbage, and a registered key that is not 32 bytes", async () => {
    const other = kioskKeys();
    const good = kiosk.sign(text);
    expect(await verifyKioskSignature(kiosk.publicKey, text, other.sign(text))).toBe(false);
    expect(await verifyKioskSignature(kiosk.publicKey, text, Buffer.from(good, 'base64').subarray(0, 63).toString('base64'))).toBe(false);
    expect(await verifyKioskSignature(kiosk.publicKey, text, Buffer.concat([Buffer.from(good, 'base64'), Buffer.alloc(1)]).toString('base64'))).toBe(false);
    expect(await verifyKioskSignature(kiosk.publicKey, text, '!!! not base64 !!!')).toBe(false);
    expect(await verifyKioskSignature(kiosk.publicKey.slice(0, 20), text, good)).toBe(false);
    expect(await verifyKioskSignature('', text, good)).toBe(false);
  });

  it('takes a key node:crypto made as one a kiosk can sign with, and not the identity point, a point off the curve or a short key', () => {
    expect(usableKioskKey(kiosk.publicKey)).toBe(true);
    const identity = Buffer.alloc(32);
    identity[0] = 1;
    expect(usableKioskKey(identity.toString('base64url'))).toBe(false);
    expect(usableKioskKey(Buffer.alloc(32, 0xff).toString('base64url'))).toBe(false);
    expect(usableKioskKey(kiosk.publicKey.slice(0, 40))).toBe(false);
  });
});
