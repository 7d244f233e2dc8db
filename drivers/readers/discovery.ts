import { hex4, nodeHid, type HidBackend } from './hid-backend.js';
import { systemSerialPorts, type SerialPorts } from './serial-reader.js';

export interface FoundDevice {
  transport: 'serial' | 'hid';
  path: string;
  vendorId: string | null;
  productId: string | null;
  serialNumber: string | null;
  manufacturer: string | null;
  product: string | null;
  /** HID only: 0x8C is a POS barcode scanner, 0x01 with usage 6 a keyboard (or keyboard-mode reader). */
  usagePage: number | null;
}

/** Every serial port and HID device this machine shows, and why a kind could not be listed. */
export async function discoverDevices(
  ports: SerialPorts = systemSerialPorts,
  hid: HidBackend = nodeHid,
): Promise<{ devices: FoundDevice[]; problems: string[] }> {
  const problems: string[] = [];
  const serial = await ports.list().catch((error: Error) => {
    problems.push(`serial ports could not be listed: ${error.message}`);
    return [];
  });
  const hidDevices = await hid.devices().catch((error: Error) => {
    problems.push(error.message);
    return [];
  });
  const devices: FoundDevice[] = [
    ...serial.map((p) => ({
      transport: 'serial' as const,
      path: p.path,
      vendorId: p.vendorId?.toLowerCase() ?? null,
      productId: p.productId?.toLowerCase() ?? null,
      serialNumber: p.serialNumber ?? null,
      manufacturer: p.manufacturer ?? null,
      product: null,
      usagePage: null,
    })),
    ...hidDevices.map((d) => ({
      transport: 'hid' as const,
      path: d.path ?? '',
      vendorId: hex4(d.vendorId),
      productId: hex4(d.productId),
      serialNumber: d.serialNumber || null,
      manufacturer: d.manufacturer || null,
      product: d.product || null,
      usagePage: d.usagePage ?? null,
    })),
  ];
  return { devices, problems };
}
