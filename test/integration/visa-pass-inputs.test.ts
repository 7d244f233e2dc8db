import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HidBackend, HidHandle } from '../../drivers/readers/hid-backend';
import { HidReader } from '../../drivers/readers/hid-reader';
import { PtyDevice } from '../../bench/pty';
import { visaKiosk } from '../fixtures/cli';
import { bytesOf } from '../fixtures/frames';
import { hidPosQrCode, hidPosQrCodePayload, honeywellPosDescriptor } from '../fixtures/hid-recordings';
import { posReports } from '../fixtures/pass-input';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { usePassAlliance } from './pass-alliance';

/** Passes signed by a real registry's online key, read by each kind of 2D scanner the kiosk drives. */

const alliance = usePassAlliance();
const tempDir = useTempDir();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** One HID POS scanner on a recorded USB bus: what it "sends" is replayed into the open handle. */
function posScanner() {
  const opened: (EventEmitter & HidHandle)[] = [];
  const bus: HidBackend = {
    devices: async () => [{ path: '/dev/hidraw4', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c, usage: 0x02 }],
    open: async () => {
      const handle = Object.assign(new EventEmitter(), { close: async () => undefined, reportDescriptor: async () => honeywellPosDescriptor });
      opened.push(handle);
      return handle;
    },
  };
  const reader = new HidReader({ id: 'scanner', type: 'hid', match: { vendorId: '0c2e', productId: '0b61' }, protocol: 'hidpos' }, bus, {
    firstMs: 10,
    maxMs: 50,
  });
  cleanup.push(() => reader.stop());
  return { reader, replay: (reports: Uint8Array[]) => reports.forEach((r) => opened.at(-1)!.emit('data', Buffer.from(r))) };
}

describe('a visa pass read by every input', { timeout: 120_000 }, () => {
  it('a HID POS scanner: the QR scan’s reports, shaped as the recorded one, admit the visitor', async () => {
    // The reports made for a pass are laid out exactly as the recorded QR scan was.
    expect(posReports(hidPosQrCodePayload)).toEqual(hidPosQrCode);
    const { harbour, pass } = alliance();
    const text = await pass({ memberId: 'cc-1', name: 'Ada Lovelace' });
    const { reader, replay } = posScanner();
    const decisions: unknown[] = [];
    harbour.events.on('checkin', (r) => decisions.push(r));
    reader.events.on('credential', (read) => harbour.desk.tap(read));
    reader.start();
    await until('the scanner to connect', () => reader.status().state === 'connected', 3000);
    const reports = posReports(text);
    expect(reports.length).toBeGreaterThan(1);
    replay(reports);
    await until('the scan to be decided', () => decisions.length > 0, 3000);
    expect(decisions[0]).toMatchObject({ decision: 'admitted', kind: 'visa', member: { id: 'cc-1', name: 'Ada Lovelace' }, credential: { kind: 'barcode' } });
  });

  it('a serial 2D scanner on a real pty, into a running `serve`: a good pass is admitted, an expired one denied, both logged', async () => {
    const { registry, code, pass } = alliance();
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const run = (...args: string[]) => visaKiosk([...args, '--db', db]);
    expect(await run('alliance', 'join', registry.url, await code('harbour'))).toMatchObject({ code: 0 });
    const pty = new PtyDevice(dir);
    await pty.start();
    cleanup.push(() => pty.stop());
    // A scanner sold for badges: its reader is set up for hex UIDs, and a pass is still read as one.
    const readers = [{ id: 'scanner', type: 'serial', path: pty.readerPath, protocol: 'line' }];
    expect(await run('config', 'set', 'readers', JSON.stringify(readers))).toMatchObject({ code: 0 });
    const serve = await startServe(db);
    cleanup.push(() => serve.stop());
    const logged = () => {
      if (!fs.existsSync(db)) return [];
      const read = new Database(db, { readonly: true });
      try {
        return read.prepare('SELECT decision, reason, member_id AS memberId FROM visits ORDER BY id').all();
      } finally {
        read.close();
      }
    };
    await pty.write(bytesOf(`]Q1${await pass({ memberId: 'cc-1', name: 'Ada Lovelace' })}\r\n`));
    await until(
      () => `the pass to be logged; serve said: ${serve.output()}`,
      () => logged().length === 1,
      10_000,
    );
    const DAY = 86_400_000;
    const expired = await pass({ memberId: 'cc-2', issuedAt: new Date(Date.now() - 20 * DAY), expiresAt: new Date(Date.now() - DAY) });
    await pty.write(bytesOf(`${expired}\r\n`));
    await until('the expired pass to be logged', () => logged().length === 2, 10_000);
    expect(logged()).toEqual([
      { decision: 'admitted', reason: 'visa', memberId: 'cc-1' },
      { decision: 'denied', reason: 'pass_expired', memberId: 'cc-2' },
    ]);
  });
});
