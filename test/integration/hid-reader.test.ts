import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialRead, HidReaderConfig } from '../../core/readers';
import type { HidBackend, HidDeviceInfo, HidHandle } from '../../drivers/readers/hid-backend';
import { HidReader, pickInterface } from '../../drivers/readers/hid-reader';
import { hidPosEan13, hidPosQrCode, hidPosQrCodePayload, keyboardDecimalUid, keyboardHexUid } from '../fixtures/hid-recordings';
import { sleep, until } from '../fixtures/wait';

/** A USB bus with one recorded device that can be unplugged and plugged back. */
class RecordedBus implements HidBackend {
  plugged = true;
  opened: (EventEmitter & HidHandle)[] = [];
  constructor(readonly info: HidDeviceInfo[]) {}
  async devices() {
    return this.plugged ? this.info : [];
  }
  async open(path: string) {
    if (!this.plugged) throw new Error(`could not open ${path}`);
    const handle = Object.assign(new EventEmitter(), { close: async () => undefined, path });
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

const scanner: HidDeviceInfo[] = [
  { path: '/dev/hidraw3', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'A1', usagePage: 0x01, usage: 0x06 },
  { path: '/dev/hidraw4', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'A1', usagePage: 0x8c, usage: 0x02 },
];
const readers: HidReader[] = [];
afterEach(async () => {
  for (const reader of readers.splice(0)) await reader.stop();
});

function start(bus: RecordedBus, config: Partial<HidReaderConfig> & Pick<HidReaderConfig, 'protocol'>) {
  const reader = new HidReader({ id: 'hid', type: 'hid', match: { vendorId: '0c2e', productId: '0b61' }, form: 'hex', repeatSeconds: 0, ...config }, bus, { firstMs: 10, maxMs: 50 });
  readers.push(reader);
  const reads: CredentialRead[] = [];
  reader.events.on('credential', (r) => reads.push(r));
  reader.start();
  return { reader, reads };
}

describe('HID readers, fed recorded reports', () => {
  it('a HID POS scanner: a QR code across two reports and an EAN-13, AIM prefixes removed', async () => {
    const bus = new RecordedBus(scanner);
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
    const hexBus = new RecordedBus(scanner);
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
