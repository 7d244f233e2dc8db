import { refused, type Decoded } from './decoder.js';
import type { FrameProblem } from '../../core/reader-reason.js';
import { fieldValue, inputReportBytes, parseReportDescriptor, usage, variableUsage, type HidField, type HidReportDescriptor } from './hid-descriptor.js';

/**
 * HID Point-of-Sale barcode scanners (usage page 0x8C): the scanned-data input report, laid out
 * as the device's report descriptor says. Honeywell's, for one, is 64 bytes:
 *   byte 0      report ID 0x02 (other reports, e.g. status, are ignored)
 *   byte 1      Byte Count (0x01:0x3B): how many data bytes this report carries, 0–56
 *   bytes 2–4   Symbology Identifier 1–3 (0x8C:0xFB–0xFD): the AIM identifier ("]Q1", "]E0"…), or NULs
 *   bytes 5–60  Decoded Data (0x8C:0xFE); only the first Byte Count bytes count
 *   bytes 61–62 vendor-defined
 *   byte 63     bit 0 Decoded Data Continued (0x8C:0xFF): the scan goes on in the next report
 * A read is the AIM identifier followed by the data as UTF-8; the barcode normaliser strips the identifier.
 */
const MAX_SCAN = 4096;
const POS = 0x8c;
const BYTE_COUNT = usage(0x01, 0x3b);
const SYMBOLOGY = [usage(POS, 0xfb), usage(POS, 0xfc), usage(POS, 0xfd)];
const DECODED_DATA = usage(POS, 0xfe);
const CONTINUED = usage(POS, 0xff);

/** One value of a report: a field and its index in it. */
interface Slot {
  field: HidField;
  index: number;
}

/** Where a scanned-data report keeps what the decoder reads. */
export interface PosLayout {
  reportId: number;
  usesReportIds: boolean;
  /** The report's length, its report ID byte included. */
  bytes: number;
  data: HidField;
  byteCount?: Slot | undefined;
  symbology: Slot[];
  continued?: Slot | undefined;
}

function slotsOf(fields: HidField[], wanted: number): Slot[] {
  return fields.flatMap((field) =>
    field.variable ? Array.from({ length: field.count }, (_, index) => ({ field, index })).filter(({ index }) => variableUsage(field, index) === wanted) : [],
  );
}

/** The scanned-data report of a descriptor, or why the device is no HID POS scanner. */
export function posLayout(descriptor: HidReportDescriptor): PosLayout | { error: string } {
  const data = descriptor.inputs.find((f) => f.usages.includes(DECODED_DATA) && f.size === 8);
  if (!data) return { error: 'its report descriptor has no scanned data (usage page 0x8C, Decoded Data): it is not a HID POS scanner' };
  const fields = descriptor.inputs.filter((f) => f.reportId === data.reportId);
  return {
    reportId: data.reportId,
    usesReportIds: descriptor.usesReportIds,
    bytes: inputReportBytes(descriptor, data.reportId),
    data,
    byteCount: slotsOf(fields, BYTE_COUNT)[0],
    symbology: SYMBOLOGY.flatMap((u) => slotsOf(fields, u).slice(0, 1)),
    continued: slotsOf(fields, CONTINUED)[0],
  };
}

/**
 * Honeywell's HID POS descriptor (usb_report_descrBPCMacJap in Hand Held Products' scanner
 * firmware, usb2hidkbd.cpp): the layout assumed when the operating system does not give the
 * device's own descriptor.
 */
export const HONEYWELL_POS_DESCRIPTOR = Uint8Array.from([
  0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x12, 0xa1, 0x02, 0x85, 0x02, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x01, 0x05, 0x01, 0x09, 0x3b, 0x81,
  0x02, 0x95, 0x03, 0x05, 0x8c, 0x09, 0xfb, 0x09, 0xfc, 0x09, 0xfd, 0x81, 0x02, 0x95, 0x38, 0x09, 0xfe, 0x82, 0x02, 0x01, 0x06, 0x66, 0xff, 0x95, 0x02, 0x09,
  0x04, 0x09, 0x00, 0x81, 0x02, 0x05, 0x8c, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x09, 0xff, 0x81, 0x02, 0xc0, 0x09, 0x14, 0xa1, 0x02, 0x85, 0x04, 0x15, 0x00,
  0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x09, 0x00, 0x09, 0x5f, 0x09, 0x60, 0x09, 0x00, 0x09, 0x00, 0x09, 0x85, 0x09, 0x86, 0x91, 0x86, 0xc0, 0x06, 0x66, 0xff,
  0x75, 0x08, 0x26, 0xff, 0x00, 0x09, 0x03, 0xa1, 0x02, 0x85, 0xfe, 0x95, 0x01, 0x09, 0x03, 0xb2, 0x82, 0x01, 0xc0, 0x09, 0x01, 0xa1, 0x02, 0x85, 0xfd, 0x95,
  0x01, 0x09, 0x21, 0x91, 0x02, 0x95, 0x3e, 0x09, 0x22, 0x92, 0x82, 0x01, 0xc0, 0xc0,
]);
const honeywell = posLayout(parseReportDescriptor(HONEYWELL_POS_DESCRIPTOR)) as PosLayout;

const valueAt = (data: Uint8Array, slot: Slot | undefined) => (slot ? fieldValue(data, slot.field, slot.index) : 0);

export class HidPosDecoder {
  private parts: Uint8Array[] = [];
  private size = 0;
  /** AIM identifier of the scan in progress; undefined between scans. */
  private aim: string | undefined;
  /**
   * A refused scan's remaining reports are dropped, so its tail never arrives as a scan of its
   * own; after a damaged report that may cost the next scan, which is scanned again, never misread.
   */
  private discarding = false;

  constructor(private readonly layout: PosLayout = honeywell) {}

  push(report: Uint8Array): Decoded[] {
    const { layout } = this;
    if (layout.usesReportIds && report.length > 0 && report[0] !== layout.reportId) return [];
    const wellFormed = report.length === layout.bytes;
    const more = wellFormed && valueAt(this.payload(report), layout.continued) !== 0;
    if (this.discarding) {
      this.discarding = !wellFormed || more;
      return [];
    }
    const error = this.take(report);
    if (error !== undefined) {
      this.reset();
      // A report of the wrong length hides whether its scan goes on: drop up to one that ends a scan.
      this.discarding = !wellFormed || more;
      return [refused(...error)];
    }
    return more ? [] : this.finish();
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
    this.aim = undefined;
    this.discarding = false;
  }

  /** The report without its report ID byte. */
  private payload(report: Uint8Array): Uint8Array {
    return this.layout.usesReportIds ? report.subarray(1) : report;
  }

  /** Adds the report's data to the scan, or says why the scan must be refused. */
  private take(report: Uint8Array): [string, FrameProblem] | undefined {
    const { layout } = this;
    if (report.length !== layout.bytes)
      return [`HID POS report of ${report.length} bytes, ${layout.bytes} expected`, { kind: 'report_size', bytes: report.length, expected: layout.bytes }];
    const payload = this.payload(report);
    const fits = layout.data.count;
    // Without a Byte Count the data runs to the field's end, less its NUL padding.
    const data = Array.from({ length: fits }, (_, i) => fieldValue(payload, layout.data, i));
    const length = layout.byteCount ? valueAt(payload, layout.byteCount) : data.findLastIndex((b) => b !== 0) + 1;
    if (length > fits) return [`HID POS report claims ${length} data bytes, at most ${fits} fit`, { kind: 'claims_bytes', bytes: length, fits }];
    if (this.aim === undefined) {
      const aim = layout.symbology.map((slot) => valueAt(payload, slot));
      if (aim.every((b) => b === 0)) this.aim = '';
      else if (aim.every((b) => b >= 0x21 && b <= 0x7e)) this.aim = String.fromCharCode(...aim);
      else return ['malformed AIM symbology identifier', { kind: 'aim' }];
    }
    if (this.size + length > MAX_SCAN) return [`scan longer than ${MAX_SCAN} bytes`, { kind: 'too_long', maximum: MAX_SCAN }];
    // Empty parts are not kept: a run of empty "more follows" reports must not grow memory.
    if (length > 0) this.parts.push(Uint8Array.from(data.slice(0, length)));
    this.size += length;
    return undefined;
  }

  /** A scan without data is no read, and not worth an error either. */
  private finish(): Decoded[] {
    const data = new Uint8Array(this.size);
    let offset = 0;
    for (const part of this.parts) {
      data.set(part, offset);
      offset += part.length;
    }
    const aim = this.aim ?? '';
    this.reset();
    if (data.length === 0) return [];
    try {
      return [{ type: 'read', text: aim + new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data) }];
    } catch {
      return [refused('scan data is not valid UTF-8', { kind: 'not_utf8' })];
    }
  }
}
