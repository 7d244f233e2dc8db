import type { Decoded } from './decoder.js';

/**
 * HID Point-of-Sale barcode scanners (usage page 0x8C), scanned-data input report, 64 bytes:
 *   byte 0      report ID 0x02 (other reports, e.g. status, are ignored)
 *   byte 1      number of data bytes in this report, 0–56
 *   bytes 2–4   AIM symbology identifier ("]Q1", "]E0"…), or three NULs when not sent
 *   bytes 5–60  data; only the first `length` bytes count
 *   bytes 61–62 reserved
 *   byte 63     flags; bit 0 set = the scan continues in the next report
 * A read is the AIM identifier followed by the data as UTF-8; the barcode normaliser strips the identifier.
 */
const REPORT_ID = 0x02;
const REPORT_LENGTH = 64;
const DATA_OFFSET = 5;
const MAX_DATA_PER_REPORT = 56;
const MORE_FOLLOWS = 0x01;
const MAX_SCAN = 4096;

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

  push(report: Uint8Array): Decoded[] {
    if (report.length > 0 && report[0] !== REPORT_ID) return [];
    const wellFormed = report.length === REPORT_LENGTH;
    const more = wellFormed && ((report[REPORT_LENGTH - 1] ?? 0) & MORE_FOLLOWS) !== 0;
    if (this.discarding) {
      this.discarding = !wellFormed || more;
      return [];
    }
    const error = this.take(report);
    if (error !== undefined) {
      this.reset();
      // A report of the wrong length hides whether its scan goes on: drop up to one that ends a scan.
      this.discarding = !wellFormed || more;
      return [{ type: 'error', reason: error }];
    }
    return more ? [] : this.finish();
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
    this.aim = undefined;
    this.discarding = false;
  }

  /** Adds the report's data to the scan, or says why the scan must be refused. */
  private take(report: Uint8Array): string | undefined {
    if (report.length !== REPORT_LENGTH) return `HID POS report of ${report.length} bytes, ${REPORT_LENGTH} expected`;
    const length = report[1] ?? 0;
    if (length > MAX_DATA_PER_REPORT) return `HID POS report claims ${length} data bytes, at most ${MAX_DATA_PER_REPORT} fit`;
    if (this.aim === undefined) {
      const aim = report.subarray(2, DATA_OFFSET);
      if (aim.every((b) => b === 0)) this.aim = '';
      else if (aim.every((b) => b >= 0x21 && b <= 0x7e)) this.aim = String.fromCharCode(...aim);
      else return 'malformed AIM symbology identifier';
    }
    if (this.size + length > MAX_SCAN) return `scan longer than ${MAX_SCAN} bytes`;
    // Empty parts are not kept: a run of empty "more follows" reports must not grow memory.
    if (length > 0) this.parts.push(report.slice(DATA_OFFSET, DATA_OFFSET + length));
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
      return [{ type: 'error', reason: 'scan data is not valid UTF-8' }];
    }
  }
}
