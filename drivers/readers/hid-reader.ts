import { matchesUsb, type HidReaderConfig } from '../../core/readers.js';
import { hex4, nodeHid, type HidBackend, type HidDeviceInfo, type HidHandle } from './hid-backend.js';
import { HidDescriptorError, parseReportDescriptor } from './hid-descriptor.js';
import { keyboardLayout, KeyboardReportDecoder } from './hid-keyboard.js';
import { HidPosDecoder, posLayout } from './hid-pos.js';
import { DEFAULT_REPEAT_SECONDS, DeviceReader } from './reader.js';
import { DEFAULT_RETRY, type RetryPolicy } from './reconnect.js';

const USAGE_PAGE_POS = 0x8c;
const USAGE_PAGE_DESKTOP = 0x01;
const USAGE_KEYBOARD = 0x06;

/** The interface of a composite device that carries the protocol wanted, when the OS says which. */
export function pickInterface(devices: HidDeviceInfo[], config: Pick<HidReaderConfig, 'match' | 'protocol'>): HidDeviceInfo | null {
  const { match, protocol } = config;
  const candidates = devices.filter(
    (d) => d.path && matchesUsb({ vendorId: hex4(d.vendorId), productId: hex4(d.productId), serialNumber: d.serialNumber }, match),
  );
  const wanted = (d: HidDeviceInfo) =>
    protocol === 'hidpos' ? d.usagePage === USAGE_PAGE_POS : d.usagePage === USAGE_PAGE_DESKTOP && d.usage === USAGE_KEYBOARD;
  return candidates.find(wanted) ?? candidates.find((d) => d.usagePage === undefined) ?? null;
}

/**
 * A USB HID reader: a HID POS barcode scanner, or a badge reader in keyboard mode opened
 * directly where the OS allows it. Reconnects like the serial reader.
 */
export class HidReader extends DeviceReader {
  private decoder: KeyboardReportDecoder | HidPosDecoder;
  private device: HidHandle | null = null;

  constructor(
    private readonly config: HidReaderConfig,
    private readonly backend: HidBackend = nodeHid,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    super(config.id, config.protocol === 'hidpos' ? 'barcode' : (config.form ?? 'hex'), config.repeatSeconds ?? DEFAULT_REPEAT_SECONDS, retry);
    this.decoder = config.protocol === 'hidpos' ? new HidPosDecoder() : new KeyboardReportDecoder();
  }

  private describe(): string {
    const { vendorId, productId, serialNumber } = this.config.match;
    return `USB HID ${vendorId}:${productId}${serialNumber ? ` #${serialNumber}` : ''}`;
  }

  /** A decoder laid out as the device's report descriptor says, or why the device cannot be read. */
  private async decoderFor(
    device: HidHandle,
  ): Promise<KeyboardReportDecoder | HidPosDecoder | [string, { state: 'not_keyboard' | 'not_pos' | 'descriptor_unreadable' }]> {
    const hidpos = this.config.protocol === 'hidpos';
    const bytes = await device.reportDescriptor().catch(() => null);
    // Without a descriptor, the boot keyboard and Honeywell's HID POS report are assumed.
    if (!bytes) return hidpos ? new HidPosDecoder() : new KeyboardReportDecoder();
    try {
      const descriptor = parseReportDescriptor(bytes);
      const layout = hidpos ? posLayout(descriptor) : keyboardLayout(descriptor);
      if ('error' in layout) return [layout.error, { state: hidpos ? 'not_pos' : 'not_keyboard' }];
      return 'data' in layout ? new HidPosDecoder(layout) : new KeyboardReportDecoder(layout);
    } catch (error) {
      if (error instanceof HidDescriptorError) return [`its report descriptor cannot be read (${error.message})`, { state: 'descriptor_unreadable' }];
      throw error;
    }
  }

  protected async disconnect(): Promise<void> {
    const device = this.device;
    this.device = null;
    device?.removeAllListeners();
    await device?.close().catch(() => undefined);
  }

  protected async connect(): Promise<void> {
    let device: HidHandle;
    try {
      const info = pickInterface(await this.backend.devices(), this.config);
      if (!info) {
        this.waitFor(`${this.describe()} is not plugged in: waiting for it`, { state: 'not_plugged_in', device: this.describe() });
        return;
      }
      device = await this.backend.open(info.path!);
    } catch (error) {
      if (this.stopped) return;
      const message = (error as Error).message;
      const device = this.describe();
      if (/permission|EACCES/i.test(message))
        this.setStatus('error', `no permission to open ${device} (see the README's udev rule)`, { state: 'no_permission', device });
      else this.setStatus('error', `${device}: ${message}`, { state: 'failed', device, message });
      this.reconnect.schedule();
      return;
    }
    if (this.stopped) {
      await device.close().catch(() => undefined);
      return;
    }
    const decoder = await this.decoderFor(device);
    if (this.stopped || Array.isArray(decoder)) {
      await device.close().catch(() => undefined);
      if (Array.isArray(decoder)) this.setStatus('error', `${this.describe()}: ${decoder[0]}`, { ...decoder[1], device: this.describe() });
      return;
    }
    this.decoder = decoder;
    this.device = device;
    this.opened(this.describe(), { state: 'listening', device: this.describe() });
    device.on('data', (report: Buffer) => this.handle(this.decoder.push(report)));
    device.on('error', () => {
      if (this.device !== device) return;
      this.device = null;
      device.removeAllListeners();
      void device.close().catch(() => undefined);
      this.decoder.reset();
      this.waitFor(`${this.describe()} went away: waiting for it`, { state: 'went_away', device: this.describe() });
    });
  }
}
