import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { fromBase45, toBase45 } from '../../core/pass/base45.js';
import { checkPass, passKeyId, passMessage, passText, PASS_MAX_CHARS, type PassFields } from '../../core/pass/visa-pass.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('base45 (RFC 9285)', () => {
  it('encodes and decodes the RFC examples', () => {
    expect(toBase45(text('AB'))).toBe('BB8');
    expect(toBase45(text('Hello!!'))).toBe('%69 VD92EX0');
    expect(toBase45(text('base-45'))).toBe('UJCLQE7W581');
    expect(new TextDecoder().decode(fromBase45('QED8WEX0')!)).toBe('ietf!');
    // Typed with Caps Lock off: the same bytes.
    expect(fromBase45('qed8wex0')).toEqual(fromBase45('QED8WEX0'));
  });

  it('refuses groups out of range, a lone last character and characters outside the alphabet', () => {
    expect(fromBase45('GGW')).toBeNull();
    expect(fromBase45('BB8A')).toBeNull();
    expect(fromBase45('BB#')).toBeNull();
    expect(fromBase45('BB\u00e9')).toBeNull();
    expect(fromBase45('BB\u{1F600}')).toBeNull();
  });

  it('gets every byte string back, also when the text was typed with Caps Lock (lower case)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const encoded = toBase45(bytes);
        expect(fromBase45(encoded)).toEqual(bytes);
        expect(fromBase45(encoded.toLowerCase())).toEqual(bytes);
        expect(encoded.endsWith(' ')).toBe(false);
      }),
    );
  });
});

function keyPair(): { privateKey: KeyObject; publicText: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicText: jwk.x! };
}

const alliance = keyPair();
const day = 86400_000;
const now = new Date('2026-12-05T10:00:00Z');
const fields: PassFields = { memberId: 'm-0042', spaceId: 'cedar', name: 'Ana Lima', issuedAt: now, expiresAt: new Date(now.getTime() + 31 * day) };

async function makePass(f: PassFields, key = alliance): Promise<string> {
  const message = passMessage(f, await passKeyId(key.publicText));
  return passText(message, sign(null, message, key.privateKey));
}

async function trusted(...keys: { publicText: string }[]): Promise<Map<string, string>> {
  return new Map(await Promise.all(keys.map(async (k) => [await passKeyId(k.publicText), k.publicText] as [string, string])));
}

describe('visa pass', () => {
  it('is checked offline against the alliance key and gives back who it is for', async () => {
    const pass = await makePass(fields);
    expect(pass).toMatch(/^CV1:[0-9A-Z $%*+\-./:]+$/);
    const check = await checkPass(pass, await trusted(alliance), new Date(now.getTime() + 5 * day));
    expect(check).toMatchObject({ status: 'valid', pass: { memberId: 'm-0042', spaceId: 'cedar', name: 'Ana Lima' } });
  });

  it('survives a scanner that types it in lower case or adds spaces and a line end around it', async () => {
    const pass = await makePass(fields);
    const check = await checkPass(`  ${pass.toLowerCase()}\r\n`, await trusted(alliance), now);
    expect(check.status).toBe('valid');
  });

  it('fits a version-10 QR code at error correction M even with long ids and a long name, shortening the name', async () => {
    const long: PassFields = {
      ...fields,
      memberId: 'member-000000000000000001',
      spaceId: 'harbour-works',
      name: 'Maria-José Fernández de la Peña y Castañeda 👩‍💻',
    };
    const pass = await makePass(long);
    expect(pass.length).toBeLessThanOrEqual(PASS_MAX_CHARS);
    expect(QRCode.create(pass, { errorCorrectionLevel: 'M' }).version).toBeLessThanOrEqual(10);
    const check = await checkPass(pass, await trusted(alliance), now);
    if (check.status !== 'valid') throw new Error(check.status);
    expect(long.name.startsWith(check.pass.name)).toBe(true);
    expect(check.pass.name.length).toBeGreaterThan(5);
  });

  it('is expired after its expiry, and refused when altered, from another alliance or not a pass at all', async () => {
    const pass = await makePass(fields);
    const keys = await trusted(alliance);
    expect((await checkPass(pass, keys, new Date(now.getTime() + 32 * day))).status).toBe('expired');
    const other = await makePass(fields, keyPair());
    expect(await checkPass(other, keys, now)).toEqual({ status: 'invalid', why: 'unknown_key' });
    expect(await checkPass('0004211337', keys, now)).toEqual({ status: 'invalid', why: 'not_a_pass' });
    expect(await checkPass('CV1:HELLO', keys, now)).toEqual({ status: 'invalid', why: 'malformed' });
    const at = pass.length - 100;
    const altered = pass.slice(0, at) + (pass[at] === '0' ? '1' : '0') + pass.slice(at + 1);
    expect((await checkPass(altered, keys, now)).status).toBe('invalid');
  });

  it('changed name under the same signature is refused', async () => {
    const pass = await makePass(fields);
    const renamed = await makePass({ ...fields, name: 'Bob Lima' }, alliance);
    // Splice the renamed body onto the original signature: same length names, different bytes.
    const forged = renamed.slice(0, renamed.length - 96) + pass.slice(pass.length - 96);
    expect(await checkPass(forged, await trusted(alliance), now)).toEqual({ status: 'invalid', why: 'bad_signature' });
  });

  it('is refused when issued in the future, and cannot be made for longer than 31 days', async () => {
    const future = await makePass({ ...fields, issuedAt: new Date(now.getTime() + day), expiresAt: new Date(now.getTime() + 2 * day) });
    expect(await checkPass(future, await trusted(alliance), now)).toEqual({ status: 'invalid', why: 'bad_dates' });
    await expect(makePass({ ...fields, expiresAt: new Date(now.getTime() + 32 * day) })).rejects.toThrow(/at most 31 days/);
  });
});
