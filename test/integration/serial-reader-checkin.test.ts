import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWiegand26 } from '../../drivers/readers/wiegand';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { bytesOf, em4100Frame } from '../fixtures/frames';
import { until as waitUntil } from '../fixtures/wait';
import { useSerialReaders } from './serial-pty';

const { tempDir, cleanup, pluggedPty } = useSerialReaders();

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
