import type { SerialPortStream } from '@serialport/stream';
import fs from 'node:fs';
import type { SerialPort } from 'serialport';
import type { ReaderReason } from '../../core/reader-reason.js';
import { matchesUsb, type SerialReaderConfig } from '../../core/readers.js';
import type { StreamDecoder } from './decoder.js';
import { Em4100Decoder } from './em4100.js';
import { serialBinding } from './event-loop-binding.js';
import { LineDecoder } from './line-decoder.js';
import { DEFAULT_REPEAT_SECONDS, DeviceReader } from './reader.js';
import { DEFAULT_RETRY, type RetryPolicy } from './reconnect.js';
import { WiegandDecoder } from './wiegand.js';

export type PortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number];

/** The serial-port API the reader uses; the real `serialport` by default, `SerialPortMock` in unit tests. */
export interface SerialPorts {
  open(path: string, baudRate: number): SerialPortStream | Promise<SerialPortStream>;
  list(): Promise<PortInfo[]>;
}

/** serialport is loaded when a port is first opened or listed: most commands never need it. */
export const systemSerialPorts: SerialPorts = {
  open: async (path, baudRate) => {
    const { SerialPortStream } = await import('@serialport/stream');
    return new SerialPortStream({ binding: await serialBinding(), path, baudRate, autoOpen: false });
  },
  list: async () => (await import('serialport')).SerialPort.list(),
};

export function decoderFor(config: Pick<SerialReaderConfig, 'protocol' | 'suffix'>): StreamDecoder {
  if (config.protocol === 'em4100') return new Em4100Decoder();
  if (config.protocol === 'wiegand') return new WiegandDecoder();
  return new LineDecoder(config.suffix === undefined ? {} : { suffix: config.suffix });
}

/** Why a serial device would not open, from the system's error: for the log in English, for a screen in data. */
export function describeOpenError(path: string, error: Error): { state: 'disconnected' | 'error'; detail: string; reason: ReaderReason } {
  const message = error.message;
  const device = path;
  if (/ENOENT|No such file/i.test(message))
    return { state: 'disconnected', detail: `${path} is not there: waiting for the reader`, reason: { state: 'missing', device } };
  if (/ENOTTY|Inappropriate ioctl/i.test(message)) return { state: 'error', detail: `${path} is not a serial device`, reason: { state: 'not_serial', device } };
  if (/EACCES|Permission denied/i.test(message))
    return { state: 'error', detail: `no permission to open ${path} (add the user to the dialout group)`, reason: { state: 'no_permission', device } };
  if (/EBUSY|Resource busy|Cannot lock/i.test(message))
    return { state: 'error', detail: `${path} is in use by another program`, reason: { state: 'busy', device } };
  return { state: 'error', detail: `cannot open ${path}: ${message}`, reason: { state: 'failed', device, message } };
}

/**
 * A serial badge reader (EM4100 frames, text lines or Wiegand bits) that survives being
 * unplugged: on loss it reports `disconnected` and retries with backoff, finding the device
 * again by USB ids when it comes back on another path.
 */
export class SerialReader extends DeviceReader {
  private readonly decoder: StreamDecoder;
  private port: SerialPortStream | null = null;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: SerialReaderConfig,
    private readonly ports: SerialPorts = systemSerialPorts,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    super(config.id, config.protocol === 'line' ? (config.form ?? 'hex') : 'hex', config.repeatSeconds ?? DEFAULT_REPEAT_SECONDS, retry, config.confirmReads);
    this.decoder = decoderFor(config);
  }

  private describe(): string {
    const { match, path } = this.config;
    return match ? `USB ${match.vendorId}:${match.productId}${match.serialNumber ? ` #${match.serialNumber}` : ''}` : path!;
  }

  protected async disconnect(): Promise<void> {
    this.stopWatchdog();
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port?.removeAllListeners();
  }

  private async findPath(): Promise<string | null> {
    const { match, path } = this.config;
    if (!match) return path!;
    const found = (await this.ports.list().catch(() => [])).find((p) => matchesUsb(p, match));
    return found?.path ?? path ?? null;
  }

  protected async connect(): Promise<void> {
    const path = await this.findPath();
    if (this.stopped) return;
    if (path === null) {
      this.waitFor(`${this.describe()} is not plugged in: waiting for it`, { state: 'not_plugged_in', device: this.describe() });
      return;
    }
    const port = await this.ports.open(path, this.config.baudRate);
    if (this.stopped) return;
    this.port = port;
    port.open((error) => {
      if (this.stopped || this.port !== port) {
        // Stopped while it was opening: a port that did open would stay open, and locked, behind us.
        if (!error) port.close();
        return;
      }
      if (error) {
        const { state, detail, reason } = describeOpenError(path, error);
        this.port = null;
        port.removeAllListeners();
        this.setStatus(state, detail, reason);
        this.reconnect.schedule();
        return;
      }
      this.decoder.reset();
      this.watch(path, port);
      this.opened(`${path} at ${this.config.baudRate} baud`, { state: 'listening', device: path, baudRate: this.config.baudRate });
    });
    port.on('data', (chunk: Buffer) => this.handle(this.decoder.push(chunk)));
    port.on('error', (error: Error) => this.setStatus('error', `${path}: ${error.message}`, { state: 'failed', device: path, message: error.message }));
    port.on('close', () => {
      if (this.port !== port) return;
      this.stopWatchdog();
      this.port = null;
      port.removeAllListeners();
      // A frame cut off by the unplug must not be completed by the next device's bytes.
      this.decoder.reset();
      this.confirm.reset();
      this.waitFor(`${path} went away: waiting for the reader`, { state: 'went_away', device: path });
    });
  }

  /**
   * A hung-up tty can read as an endless end-of-file, which the serialport binding retries
   * without ever reporting the loss (and spins a core doing it). So while connected, the
   * device node is checked every second: gone, or another device at the path, closes the port,
   * and the 'close' handler reports it and reconnects.
   */
  private watch(path: string, port: SerialPortStream): void {
    const opened = fs.statSync(path, { throwIfNoEntry: false });
    if (!opened) return;
    this.stopWatchdog();
    this.watchdog = setInterval(() => {
      const now = fs.statSync(path, { throwIfNoEntry: false });
      if (now && now.rdev === opened.rdev && now.ino === opened.ino) return;
      this.stopWatchdog();
      if (this.port === port && port.isOpen) port.close();
    }, 1000);
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }
}
