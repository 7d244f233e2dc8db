import type { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';

export interface HidDeviceInfo {
  path?: string | undefined;
  vendorId: number;
  productId: number;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** An open HID device: emits 'data' (one input report as a Buffer) and 'error' (it went away). */
export interface HidHandle extends EventEmitter {
  close(): Promise<void>;
  /** The device's HID report descriptor, or null where the OS does not give it. */
  reportDescriptor(): Promise<Uint8Array | null>;
}

/** The slice of node-hid the readers use, so recorded reports can stand in for a device. */
export interface HidBackend {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
}

export class HidUnavailableError extends Error {}

/**
 * node-hid, loaded on first use: a kiosk with serial readers only never needs it, and a
 * machine without libusb gets a sentence instead of a crash.
 */
export const nodeHid: HidBackend = {
  async devices() {
    return (await load()).devicesAsync();
  },
  async open(path) {
    const device = await (await load()).HIDAsync.open(path);
    return Object.assign(device, { reportDescriptor: () => reportDescriptorOf(device, path) });
  },
};

/**
 * node-hid releases that have getReportDescriptor() use it; otherwise, on Linux, the kernel
 * publishes each hidraw node's descriptor in sysfs (where hidapi itself reads it).
 */
async function reportDescriptorOf(device: object, path: string): Promise<Uint8Array | null> {
  const own = (device as { getReportDescriptor?: () => Promise<Buffer> }).getReportDescriptor;
  if (typeof own === 'function') return own.call(device);
  const hidraw = /^\/dev\/(hidraw\d+)$/.exec(path)?.[1];
  if (!hidraw) return null;
  return readFile(`/sys/class/hidraw/${hidraw}/device/report_descriptor`).catch(() => null);
}

async function load(): Promise<typeof import('node-hid')> {
  try {
    const hid = await import('node-hid');
    return (hid as { default?: typeof import('node-hid') }).default ?? hid;
  } catch (error) {
    const missing = /libusb/.test((error as Error).message) ? ' (libusb-1.0 is missing: on Debian, apt-get install libusb-1.0-0)' : '';
    throw new HidUnavailableError(`HID readers are unavailable on this machine${missing}`);
  }
}

/** A USB id as the rest of the kiosk writes it: four lower-case hex digits. */
export const hex4 = (n: number | undefined) => (n === undefined ? null : n.toString(16).padStart(4, '0'));
