import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialRead, ReaderStatus, SerialReaderConfig } from '../../core/readers';
import { SerialReader, systemSerialPorts, type PortInfo } from '../../drivers/readers/serial-reader';
import { encodeWiegand26 } from '../../drivers/readers/wiegand';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { byteByByte, bytesOf, em4100Frame, flipFrameBits, sameBitTwoBytes } from '../fixtures/frames';
import { PtyDevice } from '../../bench/pty';
import { useTempDir } from '../fixtures/temp';
import { sleep, until as waitUntil } from '../fixtures/wait';

const tempDir = useTempDir();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function pluggedPty(): Promise<PtyDevice> {
  const pty = new PtyDevice(tempDir());
  await pty.start();
  cleanup.push(() => pty.stop());
  return pty;
}

/** Collects a reader's events, and waits for the ones a test expects. */
function watch(reader: SerialReader) {
  const reads: CredentialRead[] = [];
  const statuses: ReaderStatus[] = [];
  reader.events.on('credential', (r) => reads.push(r));
  reader.events.on('status', (s) => statuses.push(s));
  const until = (what: string, done: () => boolean, ms = 3000) =>
    waitUntil(() => `${what}; statuses: ${JSON.stringify(statuses.map((s) => `${s.state}: ${s.detail}`))}`, done, ms);
  return { reads, statuses, until, connected: () => until('connected', () => reader.status().state === 'connected') };
}

function startReader(config: Partial<SerialReaderConfig> & { path: string }) {
  const reader = new SerialReader({ id: 'desk', type: 'serial', baudRate: 9600, protocol: 'em4100', form: 'hex', ...config });
  cleanup.push(() => reader.stop());
  const events = watch(reader);
  reader.start();
  return { reader, ...events };
}

describe('serial EM4100 reader on a real pty pair', () => {
  it('a reader stopped while its port is still opening lets go of the port: the next reader on it connects', async () => {
    const pty = await pluggedPty();
    let stopped: Promise<void> | undefined;
    // Stops the reader the moment it has asked the OS to open the port, before the answer comes.
    const stopWhileOpening = {
      list: systemSerialPorts.list,
      open: async (at: string, baudRate: number) => {
        const port = await systemSerialPorts.open(at, baudRate);
        const open = port.open.bind(port);
        port.open = (callback) => {
          open(callback);
          stopped = reader.stop();
        };
        return port;
      },
    };
    const reader = new SerialReader({ id: 'desk', type: 'serial', path: pty.readerPath, baudRate: 9600, protocol: 'em4100', form: 'hex' }, stopWhileOpening);
    reader.start();
    await waitUntil('the reader to be stopped while opening', () => stopped !== undefined);
    await stopped;
    await sleep(200);
    const next = startReader({ path: pty.readerPath });
    await next.connected();
    await pty.write(em4100Frame('0F00A1B2C3'));
    await next.until('the badge read by the next reader', () => next.reads.length === 1);
  });

  it('reads ID-12LA frames sent byte by byte and in one burst, with line noise around them', async () => {
    const pty = await pluggedPty();
    const { reads, until, connected } = startReader({ path: pty.readerPath, repeatSeconds: 0 });
    await connected();
    await pty.write(byteByByte(em4100Frame('0F00A1B2C3')), 2);
    await until('first read', () => reads.length === 1);
    await pty.write(Uint8Array.from([...bytesOf('\xff\x00noise'), ...em4100Frame('1000A1B200'), ...bytesOf('\r\n\x13'), ...em4100Frame('2000A1B300')]));
    await until('three reads', () => reads.length === 3);
    expect(reads.map((r) => [r.kind, r.value, r.readerId])).toEqual([
      ['rfid', '0F00A1B2C3', 'desk'],
      ['rfid', '1000A1B200', 'desk'],
      ['rfid', '2000A1B300', 'desk'],
    ]);
  });

  it('counts a frame with a wrong checksum and emits nothing for it', async () => {
    const pty = await pluggedPty();
    const { reader, reads, statuses, until, connected } = startReader({ path: pty.readerPath });
    await connected();
    await pty.write(em4100Frame('0F00A1B2C3', { corrupt: true }));
    await until('the bad frame to be counted', () => reader.status().badFrames === 1);
    expect(statuses.at(-1)?.detail).toMatch(/checksum/);
    await pty.write(em4100Frame('0F00A1B2C3'));
    await until('the good frame', () => reads.length === 1);
    expect(reads[0]!.value).toBe('0F00A1B2C3');
    expect(reader.status().badFrames).toBe(1);
  });

  it('with confirmReads 2, a line error that passes the checksum is not read as another card; the card resting is read once', async () => {
    const pty = await pluggedPty();
    const { reader, reads, until, connected } = startReader({ path: pty.readerPath, repeatSeconds: 1, confirmReads: 2 });
    await connected();
    const good = em4100Frame('0F00A1B2C3', { style: 'rdm6300' });
    const misread = flipFrameBits(good, sameBitTwoBytes(0, 1, 2));
    await pty.write([misread, good, misread, good, good, good, good], 30);
    await until('the card confirmed', () => reads.length === 1);
    await sleep(300);
    expect(reads.map((r) => r.value)).toEqual(['0F00A1B2C3']);
    expect(reader.status().badFrames).toBe(0);
    // The same misread twice in a row is what confirmation cannot tell from a card.
    await pty.write([misread, misread], 30);
    await until('the repeated misread', () => reads.length === 2);
    expect(reads[1]!.value).toBe('0F00A1B3C2');
  });

  it('reads a card resting on an RDM6300 once, however often the reader repeats it', async () => {
    const pty = await pluggedPty();
    const { reads, until, connected } = startReader({ path: pty.readerPath, repeatSeconds: 1 });
    await connected();
    await pty.write(
      Array.from({ length: 10 }, () => em4100Frame('0F00A1B2C3', { style: 'rdm6300' })),
      30,
    );
    await until('one read', () => reads.length === 1);
    await sleep(1200);
    await pty.write(em4100Frame('0F00A1B2C3', { style: 'rdm6300' }));
    await until('the card tapped again after the window', () => reads.length === 2);
  });

  it('survives being unplugged and plugged back, without doubling its reads', async () => {
    const dir = tempDir();
    const pty = new PtyDevice(dir);
    await pty.start();
    cleanup.push(() => pty.stop());
    const { reader, reads, statuses, until, connected } = startReader({ path: pty.readerPath, repeatSeconds: 0 });
    await connected();
    await pty.stop();
    await until('disconnected', () => reader.status().state !== 'connected');
    expect(statuses.some((s) => s.state === 'disconnected')).toBe(true);

    const replugged = Date.now();
    await pty.start();
    await connected();
    expect(Date.now() - replugged).toBeLessThan(2000);
    await pty.write(em4100Frame('0F00A1B2C3'));
    await until('a read after replug', () => reads.length === 1);
    await sleep(200);
    expect(reads).toHaveLength(1);
  });

  it('forgets a frame cut off by an unplug instead of gluing it to the next device’s bytes', async () => {
    const pty = new PtyDevice(tempDir());
    await pty.start();
    cleanup.push(() => pty.stop());
    const { reader, reads, until, connected } = startReader({ path: pty.readerPath, repeatSeconds: 0 });
    await connected();
    await pty.write(em4100Frame('0F00A1B2C3').slice(0, 7));
    await sleep(50);
    await pty.stop();
    await until('disconnected', () => reader.status().state !== 'connected');
    await pty.start();
    await connected();
    await pty.write(em4100Frame('0F00A1B2C3').slice(7));
    await pty.write(em4100Frame('1000A1B200'));
    await until('the whole frame after replug', () => reads.length === 1);
    expect(reads[0]!.value).toBe('1000A1B200');
  });

  it('finds a reader by its USB ids when it comes back on another path', async () => {
    // SerialPort.list() does not show ptys, so the bus listing is played by the test; opening is real.
    let listed: PortInfo[] = [];
    const ports = { open: systemSerialPorts.open, list: async () => listed };
    const first = await pluggedPty();
    listed = [
      { path: first.readerPath, vendorId: '0403', productId: '6001', serialNumber: 'FT1', manufacturer: 'FTDI', locationId: undefined, pnpId: undefined },
    ];
    const reader = new SerialReader(
      {
        id: 'usb',
        type: 'serial',
        match: { vendorId: '0403', productId: '6001', serialNumber: 'FT1' },
        baudRate: 9600,
        protocol: 'em4100',
        form: 'hex',
        repeatSeconds: 0,
      },
      ports,
    );
    cleanup.push(() => reader.stop());
    const { reads, until, connected } = watch(reader);
    reader.start();
    await connected();
    expect(reader.status().detail).toContain(first.readerPath);

    await first.stop();
    listed = [];
    await until('waiting for the reader', () => /not plugged in/.test(reader.status().detail));
    const second = await pluggedPty();
    listed = [
      { path: second.readerPath, vendorId: '0403', productId: '6001', serialNumber: 'FT1', manufacturer: 'FTDI', locationId: undefined, pnpId: undefined },
    ];
    await connected();
    expect(reader.status().detail).toContain(second.readerPath);
    await second.write(em4100Frame('0F00A1B2C3'));
    await until('a read on the new path', () => reads.length === 1);
  });

  it('says plainly when the path is missing or is not a serial device', async () => {
    const dir = tempDir();
    const missing = startReader({ path: path.join(dir, 'ttyNOPE') });
    await missing.until('a missing-device status', () => missing.reader.status().state === 'disconnected' && /not there/.test(missing.reader.status().detail));
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'not a tty');
    const plain = startReader({ path: file });
    await plain.until('a not-a-serial-device status', () => plain.reader.status().state === 'error');
    expect(plain.reader.status().detail).toBe(`${file} is not a serial device`);
  });
});

describe('a tap on any configured reader checks the visitor in', () => {
  it('writes a visit with the right decision for a frame written into the pty', async () => {
    const pty = await pluggedPty();
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    cleanup.push(() => service.close());
    service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    const side = await pluggedPty();
    service.settings.set({
      key: 'readers',
      value: JSON.stringify([
        { id: 'front', type: 'serial', path: pty.readerPath, protocol: 'em4100' },
        { id: 'side', type: 'serial', path: side.readerPath, protocol: 'line', form: 'barcode' },
      ]),
    });
    const decisions: unknown[] = [];
    service.events.on('checkin', (r) => decisions.push(r));
    await service.startReaders();
    await waitUntil('both readers to connect', () => service.readerStatuses().every((s) => s.state === 'connected'), 3000);

    await pty.write(em4100Frame('0F00A1B2C3'));
    await waitUntil('the front reader’s tap to be decided', () => decisions.length > 0, 3000);
    expect(decisions[0]).toMatchObject({
      decision: 'admitted',
      kind: 'visa',
      member: { id: 'cc-1', name: 'Ada Lovelace' },
      credential: { kind: 'rfid', value: '0F00A1B2C3' },
    });
    await side.write(bytesOf(']C0HW-1\r\n'));
    await waitUntil('the side reader’s scan to be decided', () => decisions.length > 1, 3000);
    expect(decisions[1]).toMatchObject({ decision: 'admitted', kind: 'member', member: { id: 'hw-1' } });
    expect(service.db.prepare('SELECT kind, decision, credential_value AS value FROM visits ORDER BY id').all()).toEqual([
      { kind: 'visa', decision: 'admitted', value: '0F00A1B2C3' },
      { kind: 'member', decision: 'admitted', value: 'HW-1' },
    ]);
  });

  it('a Wiegand-26 converter reading an EM4100 card admits the member whose list holds its whole UID', async () => {
    const pty = await pluggedPty();
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    cleanup.push(() => service.close());
    // The card 0801161DD6: a 26-bit reader gives its low 24 bits, facility 22 (0x16) and card 7638 (0x1DD6).
    const feed = smallFeed();
    feed.members.push({
      id: 'hw-7',
      space: 'harbour',
      name: 'Rui Almeida',
      email: '',
      status: 'active',
      validUntil: null,
      credentials: [{ kind: 'rfid', value: '0801161DD6' }],
    });
    await service.visaList.importFeed({ feed: feedBytes(feed) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    service.settings.set({ key: 'readers', value: JSON.stringify([{ id: 'door', type: 'serial', path: pty.readerPath, protocol: 'wiegand' }]) });
    const decisions: unknown[] = [];
    service.events.on('checkin', (r) => decisions.push(r));
    await service.startReaders();
    await waitUntil('the reader to connect', () => service.readerStatuses().every((s) => s.state === 'connected'), 3000);
    await pty.write(bytesOf(`${encodeWiegand26(22, 7638)}\r\n`));
    await waitUntil('the tap to be decided', () => decisions.length > 0, 3000);
    expect(decisions[0]).toMatchObject({ decision: 'admitted', kind: 'member', member: { id: 'hw-7' }, credential: { kind: 'rfid', value: '161DD6' } });
  });
});
