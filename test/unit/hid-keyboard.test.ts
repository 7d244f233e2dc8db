import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normaliseRfid } from '../../core/credentials';
import type { Decoded } from '../../drivers/readers/decoder';
import { KeyboardReportDecoder } from '../../drivers/readers/hid-keyboard';
import { interpret } from '../../drivers/readers/reader';
import { keyboardDecimalUid, keyboardDecimalUidText, keyboardHexUid, keyboardHexUidText } from '../fixtures/hid-recordings';
import { keyboardReports, signedPass } from '../fixtures/pass-input';

const report = (modifier: number, ...keys: number[]) => Uint8Array.of(modifier, 0, ...[...keys, 0, 0, 0, 0, 0, 0].slice(0, 6));
const RELEASE = report(0);
const ENTER = 0x28;
const LEFT_SHIFT = 0x02;
const RIGHT_SHIFT = 0x20;

/** Press and release each key, as readers do. */
function typed(...presses: [number, number][]): Uint8Array[] {
  return presses.flatMap(([modifier, key]) => [report(modifier, key), RELEASE]);
}

function feed(decoder: KeyboardReportDecoder, reports: Uint8Array[]): Decoded[] {
  return reports.flatMap((r) => decoder.push(r));
}

describe('HID keyboard report decoder', () => {
  it('decodes the recorded hex UID with shifted capitals', () => {
    expect(feed(new KeyboardReportDecoder(), keyboardHexUid)).toEqual([{ type: 'read', text: keyboardHexUidText }]);
  });

  it('decodes the recorded keypad decimal UID ended by keypad Enter', () => {
    const out = feed(new KeyboardReportDecoder(), keyboardDecimalUid);
    expect(out).toEqual([{ type: 'read', text: keyboardDecimalUidText }]);
    // and the kiosk reads it as the low 32 bits of 0F00A1B2C3
    expect(normaliseRfid(keyboardDecimalUidText, 'decimal')).toMatchObject({ ok: true, credential: { value: '00A1B2C3' } });
  });

  it('reads letters, digits and punctuation, shifted with either shift key', () => {
    const out = feed(
      new KeyboardReportDecoder(),
      typed(
        [0, 0x04],
        [LEFT_SHIFT, 0x1d],
        [RIGHT_SHIFT, 0x1e],
        [0, 0x27],
        [0, 0x2c],
        [0, 0x2d],
        [LEFT_SHIFT, 0x2d],
        [RIGHT_SHIFT, 0x38],
        [0, 0x31],
        [LEFT_SHIFT, 0x34],
        [0, ENTER],
      ),
    );
    expect(out).toEqual([{ type: 'read', text: 'aZ!0 -_?\\"' }]);
  });

  it('maps every shifted digit and punctuation key on a US layout', () => {
    const codes = [0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38];
    const plain = feed(new KeyboardReportDecoder(), typed(...codes.map((c): [number, number] => [0, c]), [0, ENTER]));
    const shifted = feed(new KeyboardReportDecoder(), typed(...codes.map((c): [number, number] => [LEFT_SHIFT, c]), [0, ENTER]));
    expect(plain).toEqual([{ type: 'read', text: "1234567890-=[]\\;'`,./" }]);
    expect(shifted).toEqual([{ type: 'read', text: '!@#$%^&*()_+{}|:"~<>?' }]);
  });

  it('reads keypad digits 1–9 and 0', () => {
    const keypad = Array.from({ length: 10 }, (_, i): [number, number] => [0, 0x59 + i]);
    expect(feed(new KeyboardReportDecoder(), typed(...keypad, [0, 0x58]))).toEqual([{ type: 'read', text: '1234567890' }]);
  });

  it('ends a read at Tab too, and ignores empty reads', () => {
    const out = feed(new KeyboardReportDecoder(), typed([0, ENTER], [0, 0x2b], [0, 0x1e], [0, 0x2b]));
    expect(out).toEqual([{ type: 'read', text: '1' }]);
  });

  it('counts a held key once, and again only after a release', () => {
    const decoder = new KeyboardReportDecoder();
    const out = feed(decoder, [report(0, 0x27), report(0, 0x27), report(0, 0x27), RELEASE, report(0, 0x27), RELEASE, report(0, ENTER)]);
    expect(out).toEqual([{ type: 'read', text: '00' }]);
  });

  it('takes keys newly pressed in a report with others still held (rollover)', () => {
    const decoder = new KeyboardReportDecoder();
    // "1" held while "2" goes down, then "3" while "2" is held
    const out = feed(decoder, [report(0, 0x1e), report(0, 0x1e, 0x1f), report(0, 0x1f, 0x20), RELEASE, report(0, ENTER)]);
    expect(out).toEqual([{ type: 'read', text: '123' }]);
  });

  it('refuses an unknown key code and drops the whole read', () => {
    const decoder = new KeyboardReportDecoder();
    const out = feed(decoder, typed([0, 0x1e], [0, 0x3a], [0, 0x1f], [0, ENTER], [0, 0x20], [0, ENTER]));
    expect(out).toEqual([expect.objectContaining({ type: 'error', reason: 'unknown key code 0x3A' }), { type: 'read', text: '3' }]);
  });

  it('passes over keys that type nothing, such as an Escape or F-key a reader sends before a read', () => {
    const out = feed(new KeyboardReportDecoder(), typed([0, 0x29], [0, 0x3a], [0, 0x52], [0, 0x1e], [0, ENTER]));
    expect(out).toEqual([{ type: 'read', text: '1' }]);
  });

  it('refuses a read whose first key is unknown, up to its Enter: its tail is never read as a badge', () => {
    // HW-0001 with its H replaced by a key the US layout does not have (0x64, non-US backslash).
    const out = feed(
      new KeyboardReportDecoder(),
      typed([0, 0x64], [LEFT_SHIFT, 0x1a], [0, 0x2d], [0, 0x27], [0, 0x27], [0, 0x27], [0, 0x1e], [0, ENTER], [0, 0x1f], [0, ENTER]),
    );
    expect(out).toEqual([expect.objectContaining({ type: 'error', reason: 'unknown key code 0x64' }), { type: 'read', text: '2' }]);
  });

  it('refuses a read that begins with a damaged report, up to its Enter', () => {
    const out = feed(new KeyboardReportDecoder(), [new Uint8Array(7), ...typed([0, 0x1e], [0, 0x1f], [0, ENTER], [0, 0x20], [0, ENTER])]);
    expect(out).toEqual([expect.objectContaining({ type: 'error', reason: 'keyboard report of 7 bytes, 8 expected' }), { type: 'read', text: '3' }]);
  });

  it('refuses an error-rollover report and drops the read', () => {
    const decoder = new KeyboardReportDecoder();
    const out = feed(decoder, [...typed([0, 0x1e]), report(0, 1, 1, 1, 1, 1, 1), RELEASE, ...typed([0, 0x1f], [0, ENTER], [0, 0x20], [0, ENTER])]);
    expect(out).toEqual([expect.objectContaining({ type: 'error', reason: 'too many keys pressed at once (rollover)' }), { type: 'read', text: '3' }]);
  });

  it('refuses a report of the wrong length', () => {
    const out = feed(new KeyboardReportDecoder(), [...typed([0, 0x1e]), new Uint8Array(9), ...typed([0, ENTER])]);
    expect(out).toEqual([expect.objectContaining({ type: 'error', reason: 'keyboard report of 9 bytes, 8 expected' })]);
    expect(new KeyboardReportDecoder().push(new Uint8Array(0))).toEqual([
      expect.objectContaining({ type: 'error', reason: 'keyboard report of 0 bytes, 8 expected' }),
    ]);
  });

  it('caps a read at 256 characters: a whole visa pass fits', () => {
    const decoder = new KeyboardReportDecoder();
    const ok = feed(decoder, [...Array.from({ length: 256 }, () => typed([0, 0x04])).flat(), ...typed([0, ENTER])]);
    expect(ok).toEqual([{ type: 'read', text: 'a'.repeat(256) }]);
    const tooLong = feed(decoder, [...Array.from({ length: 300 }, () => typed([0, 0x04])).flat(), ...typed([0, ENTER], [0, 0x05], [0, ENTER])]);
    expect(tooLong).toEqual([expect.objectContaining({ type: 'error', reason: 'read longer than 256 characters' }), { type: 'read', text: 'b' }]);
  });

  it('a 2D scanner in keyboard mode types a whole visa pass as US usages, and a hex-form reader takes it as a pass, not a UID', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const issuedAt = new Date('2026-12-01T09:00:00Z');
    const name = 'Ana Lima with a long name that fills the pass up to its very last byte, and more';
    const pass = await signedPass(privateKey, { memberId: 'cc-9', spaceId: 'cedar', name, issuedAt, expiresAt: new Date(issuedAt.getTime() + 31 * 86400_000) });
    expect(pass.length).toBeGreaterThan(200);
    const out = feed(new KeyboardReportDecoder(), keyboardReports(pass));
    expect(out).toEqual([{ type: 'read', text: pass }]);
    expect(interpret(pass, 'hex')).toEqual({ ok: true, credential: { kind: 'barcode', value: pass, match: 'exact' } });
  });

  it('reset() drops a partial read and forgets held keys', () => {
    const decoder = new KeyboardReportDecoder();
    feed(decoder, [report(0, 0x1e)]);
    decoder.reset();
    expect(feed(decoder, [report(0, 0x1e), RELEASE, report(0, ENTER)])).toEqual([{ type: 'read', text: '1' }]);
  });
});
