import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { ReaderConfig, ReaderStatus } from '../../core/readers';
import type { Reader, ReaderEvents } from '../../drivers/readers/reader';
import { ReaderHub } from '../../service/reader-hub';

const CONFIG = { id: 'desk', type: 'serial', path: '/dev/ttyREADER', protocol: 'em4100' } as ReaderConfig;

/** Readers that do nothing but report the statuses a test gives them. */
function fakeReaders() {
  const made: Reader[] = [];
  const factory = (config: ReaderConfig): Reader => {
    const reader: Reader = {
      id: config.id,
      events: new EventEmitter<ReaderEvents>(),
      start: () => undefined,
      stop: async () => undefined,
      status: () => status(config.id, 'disconnected'),
    };
    made.push(reader);
    return reader;
  };
  return { made, factory };
}

const status = (readerId: string, state: ReaderStatus['state']): ReaderStatus => ({
  readerId,
  state,
  detail: state === 'connected' ? 'listening on /dev/ttyREADER' : '/dev/ttyREADER went away: waiting for the reader',
  reason: state === 'connected' ? { state: 'listening', device: '/dev/ttyREADER' } : { state: 'went_away', device: '/dev/ttyREADER' },
  badFrames: 0,
});

describe("the reader hub's log of reader changes", () => {
  it('says each change once, and a reader started again is heard connecting again', async () => {
    const logger = { info: vi.fn(), warn: vi.fn() };
    const { made, factory } = fakeReaders();
    const hub = new ReaderHub(
      () => undefined,
      () => undefined,
      factory,
      logger,
    );
    await hub.start([CONFIG]);
    made[0]!.events.emit('status', status('desk', 'connected'));
    made[0]!.events.emit('status', status('desk', 'connected'));
    expect(logger.info).toHaveBeenCalledTimes(1);
    made[0]!.events.emit('status', status('desk', 'disconnected'));
    expect(logger.warn).toHaveBeenCalledWith('reader.disconnected', expect.objectContaining({ reader: 'desk' }));

    // The readers setting saved again: the same reader, started afresh.
    await hub.start([CONFIG]);
    made[1]!.events.emit('status', status('desk', 'disconnected'));
    made[1]!.events.emit('status', status('desk', 'connected'));
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.info).toHaveBeenCalledTimes(2);
  });
});
