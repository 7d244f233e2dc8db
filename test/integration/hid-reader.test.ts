import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialRead, HidReaderConfig } from '../../core/readers';
import type { HidBackend, HidDeviceInfo, HidHandle } from '../../drivers/readers/hid-backend';
import { HidReader, pickInterface } from '../../drivers/readers/hid-reader';
import {
  bootKeyboardDescriptor,
  hidPosEan13,
  hidPosQrCode,
  hidPosQrCodePayload,
  honeywellPosDescriptor,
  keyboardDecimalUid,
  keyboardHexUid,
  keyboardReportIdDecimal,
  tinyUsbCompositeDescriptor,
  tinyUsbMouseDescriptor,
} from '../fixtures/hid-recordings';
import { sleep, until } from '../fixtures/wait';

/** A USB bus with one recorded device that can be unplugged and plugged back; descriptors by path (none: the OS gives none). */
class RecordedBus implements HidBackend {
  plugged = true;
  opened: (EventEmitter & HidHandle)[] = [];
  constructor(
    readonly info: HidDeviceInfo[],
    readonly descriptors: Record<string, Uint8Array> = {},
  ) {}
  async devices() {
    return this.plugged ? this.info : [];
  }
  async open(path: string) {
    if (!this.plugged) throw new Error(`could not open ${path}`);
    const handle = Object.assign(new EventEmitter(), { close: async () => undefined, reportDescriptor: async () => this.descriptors[path] ?? null, path });
    this.opened.push(handle);
    return handle;
  }
  /** Replays recorded reports into the most recently opened handle, as the device would send them. */
  replay(reports: Uint8Array[]) {
    for (const report of reports) this.opened.at(-1)!.emit('data', Buffer.from(report));
  }
  unplug() {
    this.plugged = false;
    this.opened.at(-1)!.emit('error', new Error('could not read from HID device'));
  }
}

const withDescriptors = { '/dev/hidraw3': bootKeyboardDescriptor, '/dev/hidraw4': honeywellPosDescriptor };
const scanner: HidDeviceInfo[] = [
  { path: '/dev/hidraw3', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'A1', usagePage: 0x01, usage: 0x06 },
  { path: '/dev/hidraw4', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'A1', usagePage: 0x8c, usage: 0x02 },
];
const readers: HidReader[] = [];
afterEach(async () => {
  for (const reader of readers.splice(0)) await reader.stop();
});

function start(bus: RecordedBus, config: Partial<HidReaderConfig> & Pick<HidReaderConfig, 'protocol'>) {
  const reader = new HidReader({ id: 'hid', type: 'hid', match: { vendorId: '0c2e', productId: '0b61' }, form: 'hex', repeatSeconds: 0, ...config }, bus, {
    firstMs: 10,
    maxMs: 50,
  });
  readers.push(reader);
  const reads: CredentialRead[] = [];
  reader.events.on('credential', (r) => reads.push(r));
  reader.start();
  return { reader, reads };
}

describe('HID readers, fed recorded reports', () => {
  it('a HID POS scanner: a QR code across two reports and an EAN-13, AIM prefixes removed', async () => {
    const bus = new RecordedBus(scanner, withDescriptors);
    const { reader, reads } = start(bus, { protocol: 'hidpos' });
    await until('the reader to connect', () => reader.status().state === 'connected', 2000);
    expect(bus.opened[0]).toMatchObject({ path: '/dev/hidraw4' });
    bus.replay(hidPosQrCode);
    bus.replay(hidPosEan13);
    expect(reads.map((r) => [r.kind, r.value])).toEqual([
      ['barcode', hidPosQrCodePayload],
      ['barcode', '4006381333931'],
    ]);
  });

  it('a keyboard-mode reader: shifted hex and a keypad decimal, read in the configured form', async () => {
    const hexBus = new RecordedBus(scanner, withDescriptors);
    const hex = start(hexBus, { protocol: 'keyboard' });
    await until('the reader to connect', () => hex.reader.status().state === 'connected', 2000);
    expect(hexBus.opened[0]).toMatchObject({ path: '/dev/hidraw3' });
    hexBus.replay(keyboardHexUid);
    expect(hex.reads.map((r) => r.value)).toEqual(['0F00A1B2C3']);

    const decimalBus = new RecordedBus(scanner);
    const decimal = start(decimalBus, { protocol: 'keyboard', form: 'decimal' });
    await until('the reader to connect', () => decimal.reader.status().state === 'connected', 2000);
    decimalBus.replay(keyboardDecimalUid);
    expect(decimal.reads.map((r) => [r.value, r.match, r.raw])).toEqual([['00A1B2C3', 'low32', '0010597059']]);
  });

  it('a TinyUSB composite reader: its 9-byte report-ID keyboard reports are read, laid out by its descriptor', async () => {
    const bus = new RecordedBus([{ path: '/dev/hidraw5', vendorId: 0xcafe, productId: 0x4004, usagePage: 0x01, usage: 0x06 }], {
      '/dev/hidraw5': tinyUsbCompositeDescriptor,
    });
    const reader = new HidReader(
      { id: 'hid', type: 'hid', match: { vendorId: 'cafe', productId: '4004' }, protocol: 'keyboard', form: 'decimal', repeatSeconds: 0 },
      bus,
      { firstMs: 10, maxMs: 50 },
    );
    readers.push(reader);
    const reads: CredentialRead[] = [];
    reader.events.on('credential', (r) => reads.push(r));
    reader.start();
    await until('the reader to connect', () => reader.status().state === 'connected', 2000);
    bus.replay(keyboardReportIdDecimal);
    // 0004340757 is the decimal of 0x00423C15, the low 32 bits of the vendor's example UID 4B00423C15.
    expect(reads.map((r) => [r.value, r.raw])).toEqual([['00423C15', '0004340757']]);
    expect(reader.status().badFrames).toBe(0);
  });

  it('a device whose descriptor has no keys, or is damaged, is refused in plain words, not read', async () => {
    const bus = new RecordedBus([{ path: '/dev/hidraw6', vendorId: 0xcafe, productId: 0x4004 }], { '/dev/hidraw6': tinyUsbMouseDescriptor });
    const reader = new HidReader({ id: 'hid', type: 'hid', match: { vendorId: 'cafe', productId: '4004' }, protocol: 'keyboard', repeatSeconds: 0 }, bus, {
      firstMs: 10,
      maxMs: 50,
    });
    readers.push(reader);
    reader.start();
    await until('the reader to be refused', () => reader.status().state === 'error', 2000);
    expect(reader.status().detail).toBe('USB HID cafe:4004: its report descriptor has no keyboard keys (usage page 0x07): it is not a reader in keyboard mode');

    const damaged = new RecordedBus([{ path: '/dev/hidraw7', vendorId: 0xcafe, productId: 0x4004 }], {
      '/dev/hidraw7': bootKeyboardDescriptor.subarray(0, 11),
    });
    const other = new HidReader({ id: 'hid2', type: 'hid', match: { vendorId: 'cafe', productId: '4004' }, protocol: 'keyboard', repeatSeconds: 0 }, damaged, {
      firstMs: 10,
      maxMs: 50,
    });
    readers.push(other);
    other.start();
    await until('the damaged device to be refused', () => other.status().state === 'error', 2000);
    expect(other.status().detail).toBe('USB HID cafe:4004: its report descriptor cannot be read (report descriptor ends inside an item at byte 10)');
  });

  it('is found again after being unplugged, with one listener, not two', async () => {
    const bus = new RecordedBus(scanner);
    const { reader, reads } = start(bus, { protocol: 'hidpos' });
    await until('the reader to connect', () => reader.status().state === 'connected', 2000);
    bus.unplug();
    expect(reader.status().state).toBe('disconnected');
    await sleep(60);
    expect(reader.status().detail).toMatch(/not plugged in/);
    bus.plugged = true;
    await until('the reader to connect', () => reader.status().state === 'connected', 2000);
    expect(bus.opened).toHaveLength(2);
    expect(bus.opened[0]!.listenerCount('data')).toBe(0);
    bus.replay(hidPosEan13);
    expect(reads).toHaveLength(1);
  });

  it('reports a reader that is not there, and picks interfaces by usage page', async () => {
    const bus = new RecordedBus([]);
    const { reader } = start(bus, { protocol: 'hidpos' });
    await until('the reader to be reported not plugged in', () => /not plugged in/.test(reader.status().detail), 2000);
    expect(pickInterface(scanner, { match: { vendorId: '0c2e', productId: '0b61', serialNumber: 'other' }, protocol: 'hidpos' })).toBeNull();
  });
});
