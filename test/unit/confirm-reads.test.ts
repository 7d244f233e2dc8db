import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReaderConfig, type CredentialRead } from '../../core/readers';
import { ConfirmFilter } from '../../drivers/readers/confirm-filter';
import { Em4100Decoder } from '../../drivers/readers/em4100';
import { ReaderBase } from '../../drivers/readers/reader';
import { em4100Frame, flipFrameBits, sameBitTwoBytes, SEEED_RDM6300_FRAME } from '../fixtures/frames';

/** An EM4100 reader fed bytes directly: the decoder, the confirmation and the repeat filter, no device. */
class BytesReader extends ReaderBase {
  readonly reads: CredentialRead[] = [];
  private readonly decoder = new Em4100Decoder();

  constructor(confirmReads: number, repeatSeconds = 0) {
    super('desk', 'hex', repeatSeconds, confirmReads);
    this.events.on('credential', (read) => this.reads.push(read));
  }

  start(): void {}
  async stop(): Promise<void> {}

  send(...frames: Uint8Array[]): void {
    for (const frame of frames) this.handle(this.decoder.push(frame));
  }

  values(): string[] {
    return this.reads.map((r) => r.value);
  }
}

describe('an RDM6300 that repeats its frame while the card rests', () => {
  it('reads the Seeed Studio example frame once two have arrived, then the repeat filter holds it to one read', () => {
    const reader = new BytesReader(2, 3);
    reader.send(SEEED_RDM6300_FRAME);
    expect(reader.values()).toEqual([]);
    reader.send(SEEED_RDM6300_FRAME, SEEED_RDM6300_FRAME, SEEED_RDM6300_FRAME);
    expect(reader.values()).toEqual(['62E3086CED']);
  });

  it('a 2-bit line error that passes the checksum is read as another card without confirmation, and not with it', () => {
    const corrupted = flipFrameBits(SEEED_RDM6300_FRAME, sameBitTwoBytes(3, 1, 4));
    expect(new Em4100Decoder().push(corrupted)).toEqual([{ type: 'read', text: '62EB086CE5' }]);

    const unconfirmed = new BytesReader(1);
    unconfirmed.send(corrupted, SEEED_RDM6300_FRAME);
    expect(unconfirmed.values()).toEqual(['62EB086CE5', '62E3086CED']);

    const confirmed = new BytesReader(2);
    confirmed.send(SEEED_RDM6300_FRAME, corrupted, SEEED_RDM6300_FRAME, SEEED_RDM6300_FRAME);
    expect(confirmed.values()).toEqual(['62E3086CED']);
  });

  it('a refused frame in between breaks the run: two identical frames must come with nothing between', () => {
    const reader = new BytesReader(2);
    const frame = em4100Frame('0F00A1B2C3', { style: 'rdm6300' });
    reader.send(frame, em4100Frame('0F00A1B2C3', { style: 'rdm6300', corrupt: true }), frame);
    expect(reader.values()).toEqual([]);
    expect(reader.status().badFrames).toBe(1);
    reader.send(frame);
    expect(reader.values()).toEqual(['0F00A1B2C3']);
  });

  it('two identical frames far apart are two taps, neither confirmed', () => {
    const filter = new ConfirmFilter(2, 1500);
    expect(filter.accept('0F00A1B2C3', 0)).toBe(false);
    expect(filter.accept('0F00A1B2C3', 1501)).toBe(false);
    expect(filter.accept('0F00A1B2C3', 1600)).toBe(true);
    filter.reset();
    expect(filter.accept('0F00A1B2C3', 1700)).toBe(false);
  });

  it('property: with confirmation on, a 2-bit corruption of the frame is read only when that same corrupted frame arrives twice in a row', () => {
    // Most random 2-bit flips break the checksum (refused); the rest read as another card.
    const uid = fc.uint8Array({ minLength: 5, maxLength: 5 }).map((b) => Buffer.from(b).toString('hex').toUpperCase());
    // Half the corruptions are of the kind the checksum cannot see, the rest any two bits.
    const corruption = fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }))
        .filter(([, a, b]) => a !== b)
        .map(([bit, a, b]) => sameBitTwoBytes(bit, a, b)),
      fc.uniqueArray(fc.integer({ min: 0, max: 47 }), { minLength: 2, maxLength: 2 }),
    );
    fc.assert(
      fc.property(uid, corruption, corruption, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 12 }), (card, flipsA, flipsB, order) => {
        const good = em4100Frame(card, { style: 'rdm6300' });
        const frames = [good, flipFrameBits(good, flipsA), flipFrameBits(good, flipsB)];
        const sequence = order.map((i) => frames[i]!);
        const reader = new BytesReader(2);
        reader.send(...sequence);
        const twiceInARow = new Set<string>();
        const text = (frame: Uint8Array) => Buffer.from(frame.subarray(1, 11)).toString('ascii');
        for (let i = 1; i < sequence.length; i++) if (text(sequence[i]!) === text(sequence[i - 1]!)) twiceInARow.add(text(sequence[i]!));
        for (const value of reader.values()) expect(value === card || twiceInARow.has(value), `${value} read from ${order.join(',')}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the confirmReads setting', () => {
  it('is a serial reader’s, from 1 to 5; nothing else is accepted', () => {
    expect(ReaderConfig.parse({ id: 'desk', type: 'serial', path: '/dev/ttyUSB0', protocol: 'em4100', confirmReads: 2 })).toMatchObject({ confirmReads: 2 });
    expect(ReaderConfig.parse({ id: 'desk', type: 'serial', path: '/dev/ttyUSB0', protocol: 'em4100' })).not.toHaveProperty('confirmReads');
    for (const confirmReads of [0, 6, 1.5, '2'])
      expect(ReaderConfig.safeParse({ id: 'desk', type: 'serial', path: '/dev/ttyUSB0', protocol: 'em4100', confirmReads }).success).toBe(false);
    expect(
      ReaderConfig.safeParse({ id: 'usb', type: 'hid', match: { vendorId: '0c2e', productId: '0b61' }, protocol: 'hidpos', confirmReads: 2 }).success,
    ).toBe(false);
  });
});
