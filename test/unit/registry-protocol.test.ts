import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeysDocument, KEYS_FORMAT } from '../../core/registry/documents.js';
import { fingerprint, verifyEd25519 } from '../../core/registry/ed25519.js';
import { formatEnrolmentCode, parseEnrolmentCode } from '../../core/registry/enrolment-code.js';
import { openEnvelope } from '../../core/registry/envelope.js';
import { formatAuthorization, parseAuthorization, requestSigningText, skewWords } from '../../core/registry/request-signing.js';

const pair = () => {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return { privateKey, raw: publicKey.export({ format: 'jwk' }).x! };
};
const envelopeOf = (doc: unknown, key: crypto.KeyObject) => {
  const signed = JSON.stringify(doc);
  return { signed, sig: crypto.sign(null, Buffer.from(signed), key).toString('base64') };
};

describe('registry documents', () => {
  const root = pair();
  const keys = { format: KEYS_FORMAT, alliance: 'Test', root: root.raw, online: pair().raw, version: 1, issuedAt: '2026-12-05T06:00:00Z' };

  it('opens an envelope signed by the key, and refuses one changed after signing', async () => {
    const envelope = envelopeOf(keys, root.privateKey);
    const opened = await openEnvelope(envelope, root.raw, KeysDocument, 'keys document');
    expect(opened).toMatchObject({ ok: true, document: { version: 1 } });
    const tampered = { ...envelope, signed: envelope.signed.replace('"version":1', '"version":9') };
    expect(await openEnvelope(tampered, root.raw, KeysDocument, 'keys document')).toEqual({
      ok: false,
      problem: "the keys document's signature does not match the alliance's key: it was changed, or signed by someone else",
    });
  });

  it('refuses a document signed by another key, and one that is not an envelope', async () => {
    expect((await openEnvelope(envelopeOf(keys, pair().privateKey), root.raw, KeysDocument, 'keys document')).ok).toBe(false);
    expect(await openEnvelope({ hello: 1 }, root.raw, KeysDocument, 'timestamp')).toEqual({ ok: false, problem: 'the timestamp is not a signed document' });
  });

  it('never throws on a malformed key or signature', async () => {
    expect(await verifyEd25519('not a key', 'x', 'AAAA')).toBe(false);
  });

  it('fingerprints the raw public key as Node computes it', async () => {
    const raw = root.raw;
    expect(await fingerprint(raw)).toBe(crypto.createHash('sha256').update(Buffer.from(raw, 'base64url')).digest('hex'));
  });
});

describe('enrolment codes', () => {
  const code = { space: 'cedar-commons', secret: 'A'.repeat(22), rootPrefix: 'ab'.repeat(16) };
  it('round-trips', () => expect(parseEnrolmentCode(` ${formatEnrolmentCode(code)}\n`)).toEqual(code));
  it.each([
    ['hello', 'this is not an enrolment code (they start with "vkc1.")'],
    ['vkc1.cedar.kRhQRVwOKe2XiWZ8', 'the enrolment code is cut short or mistyped: copy the whole code'],
    [`vkc1.cedar-commons.${'A'.repeat(22)}.${'ab'.repeat(16)}.x`, 'the enrolment code is cut short or mistyped: copy the whole code'],
    [`vkc1.cedar-commons.${'A'.repeat(21)}.${'ab'.repeat(16)}`, 'the enrolment code is cut short or mistyped: copy the whole code'],
    [`vkc1.cedar-commons.${'A'.repeat(22)}.${'ab'.repeat(15)}`, 'the enrolment code is cut short or mistyped: copy the whole code'],
  ])('refuses %s with a sentence', (text, problem) => expect(parseEnrolmentCode(text)).toEqual({ problem }));
});

describe('signed requests', () => {
  const auth = { kiosk: 'k-12', time: 1_796_000_000, nonce: 'n'.repeat(22), sig: `${'s'.repeat(86)}==` };
  it('parses the header it writes', () => expect(parseAuthorization(formatAuthorization(auth))).toEqual(auth));
  it.each(['Bearer abc', 'VisaKiosk kiosk="k"', formatAuthorization({ ...auth, nonce: 'short' }), `${formatAuthorization(auth)}, kiosk="x"`])(
    'rejects %s',
    (header) => expect(parseAuthorization(header)).toBeNull(),
  );
  it('signs method, path, time, nonce and body hash on separate lines, so no field can bleed into another', () => {
    const text = requestSigningText({ method: 'put', path: '/v1/spaces/a/terms?x=1', time: 5, nonce: 'n', bodySha256: 'ff' });
    expect(text.split('\n')).toEqual(['visa-kiosk-request/1', 'PUT', '/v1/spaces/a/terms?x=1', '5', 'n', 'ff']);
  });
  it('words a clock skew', () => {
    expect(skewWords(-420)).toBe('7 minutes behind');
    expect(skewWords(60)).toBe('1 minute ahead of');
    expect(skewWords(3 * 3600)).toBe('3 hours ahead of');
  });
});
