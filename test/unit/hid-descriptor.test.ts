import { describe, expect, it } from 'vitest';
import type { Decoded } from '../../drivers/readers/decoder';
import { HidDescriptorError, inputReportBytes, parseReportDescriptor, usage } from '../../drivers/readers/hid-descriptor';
import { keyboardLayout, KeyboardReportDecoder, type KeyboardLayout } from '../../drivers/readers/hid-keyboard';
import { HidPosDecoder, posLayout, type PosLayout } from '../../drivers/readers/hid-pos';
import {
  bootKeyboardDescriptor,
  hidPosEan13,
  hidPosEan13Text,
  hidPosQrCode,
  hidPosQrCodePayload,
  honeywellPosDescriptor,
  keyboardHexUid,
  keyboardHexUidText,
  keyboardReportIdDecimal,
  keyboardTopRowDecimal,
  keyboardTopRowDecimalText,
  tinyUsbCompositeDescriptor,
  tinyUsbMouseDescriptor,
} from '../fixtures/hid-recordings';

const feed = (decoder: { push(r: Uint8Array): Decoded[] }, reports: Uint8Array[]) => reports.flatMap((r) => decoder.push(r));

function keyboardOf(descriptor: Uint8Array): KeyboardLayout {
  const layout = keyboardLayout(parseReportDescriptor(descriptor));
  if ('error' in layout) throw new Error(layout.error);
  return layout;
}

describe('HID report descriptors', () => {
  it('the HID 1.11 boot keyboard (Appendix E.6): modifier byte, reserved byte, six key codes, 8 bytes', () => {
    const descriptor = parseReportDescriptor(bootKeyboardDescriptor);
    expect(descriptor.usesReportIds).toBe(false);
    expect(inputReportBytes(descriptor, 0)).toBe(8);
    const [modifiers, reserved, keys] = descriptor.inputs;
    expect(modifiers).toMatchObject({
      bitOffset: 0,
      size: 1,
      count: 8,
      variable: true,
      usages: Array.from({ length: 8 }, (_, i) => usage(7, 0xe0 + i)),
    });
    expect(reserved).toMatchObject({ bitOffset: 8, constant: true });
    expect(keys).toMatchObject({
      bitOffset: 16,
      size: 8,
      count: 6,
      variable: false,
      logicalMax: 0x65,
    });
    expect(keys?.collections).toEqual([usage(1, 6)]);
  });

  it('a TinyUSB composite (keyboard, mouse, consumer control): the keyboard is report 1, 9 bytes with its ID', () => {
    const descriptor = parseReportDescriptor(tinyUsbCompositeDescriptor);
    expect(descriptor.usesReportIds).toBe(true);
    expect([1, 2, 3].map((id) => inputReportBytes(descriptor, id))).toEqual([9, 6, 3]);
    expect(keyboardOf(tinyUsbCompositeDescriptor)).toMatchObject({
      reportId: 1,
      bytes: 9,
    });
    // A negative logical minimum makes the mouse's X and Y signed.
    expect(descriptor.inputs.find((f) => f.usages[0] === usage(1, 0x30))).toMatchObject({ reportId: 2, logicalMin: -127, logicalMax: 127 });
  });

  it('Honeywell HID POS: report 2 of 64 bytes, Byte Count, AIM identifier, 56 data bytes, the continued bit in the last byte', () => {
    const layout = posLayout(parseReportDescriptor(honeywellPosDescriptor)) as PosLayout;
    expect(layout).toMatchObject({
      reportId: 2,
      bytes: 64,
      data: { bitOffset: 32, count: 56 },
    });
    expect(layout.byteCount?.field.bitOffset).toBe(0);
    expect(layout.symbology.map((s) => s.field.bitOffset + s.index * 8)).toEqual([8, 16, 24]);
    expect(layout.continued?.field.bitOffset).toBe(62 * 8);
  });

  it('Push and Pop save and restore the global state (report size, count, usage page)', () => {
    const descriptor = parseReportDescriptor(
      Uint8Array.from([
        0x05, 0x07, 0x75, 0x08, 0x95, 0x02, 0xa4, 0x05, 0x08, 0x75, 0x01, 0x95, 0x05, 0x19, 0x01, 0x29, 0x05, 0x81, 0x02, 0xb4, 0x19, 0x00, 0x29, 0x65, 0x25,
        0x65, 0x81, 0x00,
      ]),
    );
    expect(descriptor.inputs.map((f) => [f.bitOffset, f.size, f.count, f.usages[0]])).toEqual([
      [0, 1, 5, usage(8, 1)],
      [5, 8, 2, usage(7, 0)],
    ]);
  });

  it('says what is wrong with a damaged descriptor', () => {
    expect(() => parseReportDescriptor(bootKeyboardDescriptor.subarray(0, 11))).toThrow(
      new HidDescriptorError('report descriptor ends inside an item at byte 10'),
    );
    expect(() => parseReportDescriptor(Uint8Array.from([0xb4]))).toThrow('report descriptor pops more than it pushed');
    expect(() => parseReportDescriptor(bootKeyboardDescriptor.subarray(0, -1))).toThrow('report descriptor leaves a collection open');
  });

  it('a device with no keys, or no scanned data, says so', () => {
    expect(keyboardLayout(parseReportDescriptor(tinyUsbMouseDescriptor))).toEqual({
      error: 'its report descriptor has no keyboard keys (usage page 0x07): it is not a reader in keyboard mode',
    });
    expect(posLayout(parseReportDescriptor(bootKeyboardDescriptor))).toEqual({
      error: 'its report descriptor has no scanned data (usage page 0x8C, Decoded Data): it is not a HID POS scanner',
    });
  });
});

describe('decoders laid out by the descriptor', () => {
  it('a report-ID keyboard (TinyUSB): 9-byte reports are read, the same device’s mouse reports passed over', () => {
    expect(feed(new KeyboardReportDecoder(keyboardOf(tinyUsbCompositeDescriptor)), keyboardReportIdDecimal)).toEqual([{ type: 'read', text: '0004340757' }]);
  });

  it('top-row digits (0x1E–0x27), as cheap readers type them', () => {
    expect(feed(new KeyboardReportDecoder(keyboardOf(bootKeyboardDescriptor)), keyboardTopRowDecimal)).toEqual([
      { type: 'read', text: keyboardTopRowDecimalText },
    ]);
  });

  it('the boot keyboard read from its descriptor decodes shifted hex as before', () => {
    expect(feed(new KeyboardReportDecoder(keyboardOf(bootKeyboardDescriptor)), keyboardHexUid)).toEqual([{ type: 'read', text: keyboardHexUidText }]);
  });

  it('Honeywell’s descriptor reads the recorded scans', () => {
    const decoder = new HidPosDecoder(posLayout(parseReportDescriptor(honeywellPosDescriptor)) as PosLayout);
    expect(feed(decoder, [...hidPosQrCode, ...hidPosEan13])).toEqual([
      { type: 'read', text: `]Q1${hidPosQrCodePayload}` },
      { type: 'read', text: hidPosEan13Text },
    ]);
  });

  it('a HID POS scanner with another layout (no report ID, 16 data bytes, continued bit first) is read from its descriptor', () => {
    // Usage page 0x8C, Bar Code Scanner, Scanned Data Report: Decoded Data Continued (1 bit, 7 padding), Byte Count, 16 bytes of Decoded Data.
    const descriptor = Uint8Array.from([
      0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x12, 0xa1, 0x02, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x09, 0xff, 0x81, 0x02, 0x95, 0x07, 0x81,
      0x01, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x01, 0x05, 0x01, 0x09, 0x3b, 0x81, 0x02, 0x05, 0x8c, 0x95, 0x10, 0x09, 0xfe, 0x82, 0x02, 0x01, 0xc0, 0xc0,
    ]);
    const layout = posLayout(parseReportDescriptor(descriptor)) as PosLayout;
    expect(layout.bytes).toBe(18);
    const part = (more: boolean, text: string) => Uint8Array.from([more ? 1 : 0, text.length, ...new TextEncoder().encode(text.padEnd(16, '\0'))]);
    expect(feed(new HidPosDecoder(layout), [part(true, 'https://visa.exa'), part(false, 'mple.org/v/1')])).toEqual([
      { type: 'read', text: 'https://visa.example.org/v/1' },
    ]);
  });
});
