import { describe, expect, it } from 'vitest';
import { byteByByte, bytesOf, em4100Frame, flipFrameBits, sameBitTwoBytes } from '../fixtures/frames';
import { sleep } from '../fixtures/wait';
import { useSerialReaders } from './serial-pty';

const { pluggedPty, startReader } = useSerialReaders();

describe('serial EM4100 reader on a real pty pair', () => {
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
});
