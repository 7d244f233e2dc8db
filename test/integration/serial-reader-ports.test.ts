import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SerialReader, systemSerialPorts, type PortInfo } from '../../drivers/readers/serial-reader';
import { em4100Frame } from '../fixtures/frames';
import { PtyDevice } from '../../bench/pty';
import { sleep, until as waitUntil } from '../fixtures/wait';
import { useSerialReaders, watch } from './serial-pty';

const { tempDir, cleanup, pluggedPty, startReader } = useSerialReaders();

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
