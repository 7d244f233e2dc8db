import { describe, expect, it } from 'vitest';
import { normaliseBarcode } from '../../core/credentials';
import type { Decoded } from '../../drivers/readers/decoder';
import { HidPosDecoder } from '../../drivers/readers/hid-pos';
import { hidPosEan13, hidPosEan13Text, hidPosQrCode, hidPosQrCodePayload } from '../fixtures/hid-recordings';

/** A scanned-data report laid out byte by byte: ID, length, AIM, data, flags in the last byte. */
function posReport(data: Uint8Array | string, options: { aim?: string; more?: boolean; id?: number; length?: number } = {}): Uint8Array {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const report = new Uint8Array(64);
  report[0] = options.id ?? 0x02;
  report[1] = options.length ?? bytes.length;
  report.set(new TextEncoder().encode(options.aim ?? ''), 2);
  report.set(bytes.subarray(0, 56), 5);
  report[63] = options.more ? 0x01 : 0x00;
  return report;
}

const feed = (decoder: HidPosDecoder, reports: Uint8Array[]): Decoded[] => reports.flatMap((r) => decoder.push(r));

describe('HID POS decoder', () => {
  it('decodes the recorded EAN-13 scan with its AIM identifier', () => {
    expect(feed(new HidPosDecoder(), hidPosEan13)).toEqual([{ type: 'read', text: hidPosEan13Text }]);
    expect(normaliseBarcode(hidPosEan13Text)).toMatchObject({ ok: true, credential: { value: '4006381333931' } });
  });

  it('joins the recorded two-report QR code', () => {
    expect(hidPosQrCodePayload).toHaveLength(70);
    const decoder = new HidPosDecoder();
    const [first, second] = hidPosQrCode;
    expect(decoder.push(first!)).toEqual([]);
    expect(decoder.push(second!)).toEqual([{ type: 'read', text: `]Q1${hidPosQrCodePayload}` }]);
  });

  it('leaves the AIM prefix out when the scanner sends NULs instead', () => {
    expect(new HidPosDecoder().push(posReport('ON-0001'))).toEqual([{ type: 'read', text: 'ON-0001' }]);
  });

  it('decodes UTF-8 even when a character is split between reports', () => {
    const bytes = new TextEncoder().encode(`${'x'.repeat(55)}é`); // é = C3 A9, split after C3
    const decoder = new HidPosDecoder();
    const out = feed(decoder, [posReport(bytes.subarray(0, 56), { aim: ']Q1', more: true }), posReport(bytes.subarray(56))]);
    expect(out).toEqual([{ type: 'read', text: `]Q1${'x'.repeat(55)}é` }]);
  });

  it('ignores reports with another report ID, even mid-scan', () => {
    const decoder = new HidPosDecoder();
    const out = feed(decoder, [posReport('AB', { more: true }), posReport('junk', { id: 0x04 }), posReport('CD')]);
    expect(out).toEqual([{ type: 'read', text: 'ABCD' }]);
  });

  it('refuses a length byte over 56 and drops the partial scan with its remaining reports', () => {
    const decoder = new HidPosDecoder();
    const out = feed(decoder, [posReport('AB', { more: true }), posReport('CD', { length: 57, more: true }), posReport('EF'), posReport('OK')]);
    expect(out).toEqual([
      expect.objectContaining({ type: 'error', reason: 'HID POS report claims 57 data bytes, at most 56 fit' }),
      { type: 'read', text: 'OK' },
    ]);
  });

  it('refuses a report shorter than 64 bytes, and drops up to the report that ends a scan: a tail is never read as a scan', () => {
    const decoder = new HidPosDecoder();
    // Whether "01" ends the damaged scan or begins a new one cannot be known: it is dropped, and the next scan reads.
    const out = feed(decoder, [posReport('HW-00', { more: true }), posReport('CD').subarray(0, 63), posReport('01'), posReport('OK')]);
    expect(out).toEqual([expect.objectContaining({ type: 'error', reason: 'HID POS report of 63 bytes, 64 expected' }), { type: 'read', text: 'OK' }]);
    expect(new HidPosDecoder().push(new Uint8Array(0))).toEqual([expect.objectContaining({ type: 'error', reason: 'HID POS report of 0 bytes, 64 expected' })]);
  });

  it('caps a multi-report scan at 4096 bytes', () => {
    const chunk = 'z'.repeat(56);
    const exactly = [...Array.from({ length: 73 }, () => posReport(chunk, { more: true })), posReport('z'.repeat(8))]; // 73 × 56 + 8 = 4096
    const decoder = new HidPosDecoder();
    expect(feed(decoder, exactly)).toEqual([{ type: 'read', text: 'z'.repeat(4096) }]);
    const over = [
      ...Array.from({ length: 73 }, () => posReport(chunk, { more: true })),
      posReport('z'.repeat(9), { more: true }),
      posReport('tail'),
      posReport('OK'),
    ];
    expect(feed(decoder, over)).toEqual([expect.objectContaining({ type: 'error', reason: 'scan longer than 4096 bytes' }), { type: 'read', text: 'OK' }]);
  });

  it('refuses invalid UTF-8', () => {
    expect(new HidPosDecoder().push(posReport(Uint8Array.of(0x41, 0xff, 0x42)))).toEqual([
      expect.objectContaining({ type: 'error', reason: 'scan data is not valid UTF-8' }),
    ]);
  });

  it('refuses a malformed AIM identifier', () => {
    const report = posReport('ON-0001');
    report.set([0x5d, 0x00, 0x31], 2);
    expect(new HidPosDecoder().push(report)).toEqual([expect.objectContaining({ type: 'error', reason: 'malformed AIM symbology identifier' })]);
  });

  it('treats a scan without data as no read', () => {
    expect(new HidPosDecoder().push(posReport('', { aim: ']Q1' }))).toEqual([]);
  });

  it('reset() drops a partial scan', () => {
    const decoder = new HidPosDecoder();
    decoder.push(posReport('AB', { aim: ']C0', more: true }));
    decoder.reset();
    expect(decoder.push(posReport('CD'))).toEqual([{ type: 'read', text: 'CD' }]);
  });
});
