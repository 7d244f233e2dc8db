/** Set-up shared by the serial reader tests: real pty pairs and readers on them, stopped after each test. */
import { afterEach } from 'vitest';
import type { CredentialRead, ReaderStatus, SerialReaderConfig } from '../../core/readers';
import { SerialReader } from '../../drivers/readers/serial-reader';
import { PtyDevice } from '../../bench/pty';
import { useTempDir } from '../fixtures/temp';
import { until as waitUntil } from '../fixtures/wait';

export /** Collects a reader's events, and waits for the ones a test expects. */
function watch(reader: SerialReader) {
  const reads: CredentialRead[] = [];
  const statuses: ReaderStatus[] = [];
  reader.events.on('credential', (r) => reads.push(r));
  reader.events.on('status', (s) => statuses.push(s));
  const until = (what: string, done: () => boolean, ms = 3000) =>
    waitUntil(() => `${what}; statuses: ${JSON.stringify(statuses.map((s) => `${s.state}: ${s.detail}`))}`, done, ms);
  return { reads, statuses, until, connected: () => until('connected', () => reader.status().state === 'connected') };
}

/** A temp folder, pty pairs and readers, all undone after each test. */
export function useSerialReaders() {
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

  function startReader(config: Partial<SerialReaderConfig> & { path: string }) {
    const reader = new SerialReader({ id: 'desk', type: 'serial', baudRate: 9600, protocol: 'em4100', form: 'hex', ...config });
    cleanup.push(() => reader.stop());
    const events = watch(reader);
    reader.start();
    return { reader, ...events };
  }

  return { tempDir, cleanup, pluggedPty, startReader };
}
