import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CredentialRead } from '../../core/readers';
import { ReaderBase } from '../../drivers/readers/reader';
import { sleep } from '../fixtures/wait';

/** The shared part of every reader, fed decoded text directly. */
class FedReader extends ReaderBase {
  readonly reads: CredentialRead[] = [];

  constructor(repeatSeconds: number) {
    super('desk', 'hex', repeatSeconds);
    this.events.on('credential', (read) => this.reads.push(read));
  }

  start(): void {}
  async stop(): Promise<void> {}

  read(text: string): void {
    this.handle([{ type: 'read', text }]);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a badge held on the reader', () => {
  it('is read once within the repeat window, and again once it has passed', async () => {
    const reader = new FedReader(0.05);
    reader.read('0F00A1B2C3');
    reader.read('0F00A1B2C3');
    expect(reader.reads).toHaveLength(1);
    await sleep(80);
    reader.read('0F00A1B2C3');
    expect(reader.reads.map((r) => r.value)).toEqual(['0F00A1B2C3', '0F00A1B2C3']);
  });

  it('is read again after the window even when the wall clock was set back in between (NTP, a dead clock battery)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-21T10:00:07Z'));
    const reader = new FedReader(0.05);
    reader.read('0F00A1B2C3');
    vi.setSystemTime(new Date('2026-11-21T09:05:00Z'));
    await sleep(80);
    reader.read('0F00A1B2C3');
    expect(reader.reads.map((r) => r.at)).toEqual(['2026-11-21T10:00:07.000Z', '2026-11-21T09:05:00.000Z']);
  });
});
