/**
 * A HID report descriptor, read the way the kernel's hid-core reads it: short items, a global
 * state with Push/Pop, local usages that last until the next main item, and report IDs. Only
 * what the decoders need is kept: where each Input field lies in its report, and what it means.
 * Specification: USB Device Class Definition for HID 1.11, section 6.2.2.
 */
export interface HidField {
  /** 0 when the device uses no report IDs. */
  reportId: number;
  /** Bit offset of the first value in the report, counted after the report ID byte. */
  bitOffset: number;
  /** Bits per value. */
  size: number;
  count: number;
  /** An array field sends usage indexes; a variable field sends one value per usage. */
  variable: boolean;
  constant: boolean;
  logicalMin: number;
  logicalMax: number;
  /** Extended usages (page << 16 | id): one per value for a variable field, the selectable ones for an array. */
  usages: number[];
  /** Extended usages of the enclosing collections, outermost first. */
  collections: number[];
}

export interface HidReportDescriptor {
  inputs: HidField[];
  usesReportIds: boolean;
}

export class HidDescriptorError extends Error {}

/** Extended usage: page in the high 16 bits, id in the low 16, as the HID specification writes them. */
export const usage = (page: number, id: number) => ((page << 16) | id) >>> 0;
export const pageOf = (extended: number) => extended >>> 16;

interface Globals {
  usagePage: number;
  logicalMin: number;
  logicalMax: number;
  size: number;
  count: number;
  reportId: number;
}

/** No real descriptor lists more usages for one field; a longer range is a damaged descriptor. */
const MAX_USAGES = 65536;
const MAX_BITS_PER_REPORT = 8 * 4096;

const MAIN_INPUT = 0x8;
const MAIN_OUTPUT = 0x9;
const MAIN_FEATURE = 0xb;
const MAIN_COLLECTION = 0xa;
const MAIN_END_COLLECTION = 0xc;

function unsigned(data: Uint8Array): number {
  return data.reduce((value, byte, i) => value + byte * 2 ** (8 * i), 0);
}

function signed(data: Uint8Array): number {
  const value = unsigned(data);
  const bits = data.length * 8;
  return bits > 0 && value >= 2 ** (bits - 1) ? value - 2 ** bits : value;
}

export function parseReportDescriptor(bytes: Uint8Array): HidReportDescriptor {
  let globals: Globals = {
    usagePage: 0,
    logicalMin: 0,
    logicalMax: 0,
    size: 0,
    count: 0,
    reportId: 0,
  };
  const stack: Globals[] = [];
  const collections: number[] = [];
  /** Bits laid out so far in each report, by main item kind and report ID. */
  const bitsSoFar = new Map<string, number>();
  const inputs: HidField[] = [];
  let usesReportIds = false;
  // Local state: usages with the byte size they were written in (a 4-byte usage carries its own page).
  let usages: { value: number; bytes: number }[] = [];
  let usageMin: { value: number; bytes: number } | undefined;

  const resolve = (u: { value: number; bytes: number }) => (u.bytes === 4 ? u.value >>> 0 : usage(globals.usagePage, u.value));
  const takeUsages = (): number[] => {
    const out = usages.map(resolve);
    usages = [];
    usageMin = undefined;
    return out;
  };

  let at = 0;
  while (at < bytes.length) {
    const prefix = bytes[at] ?? 0;
    if (prefix === 0xfe) {
      // A long item: no standard one exists; skipped as the specification allows.
      at += 3 + (bytes[at + 1] ?? 0);
      continue;
    }
    const length = [0, 1, 2, 4][prefix & 0x03] ?? 0;
    if (at + 1 + length > bytes.length) throw new HidDescriptorError(`report descriptor ends inside an item at byte ${at}`);
    const data = bytes.subarray(at + 1, at + 1 + length);
    const type = (prefix >> 2) & 0x03;
    const tag = prefix >> 4;
    at += 1 + length;

    if (type === 0) {
      if (tag === MAIN_COLLECTION) collections.push(takeUsages()[0] ?? usage(globals.usagePage, 0));
      else if (tag === MAIN_END_COLLECTION) {
        if (collections.pop() === undefined) throw new HidDescriptorError('report descriptor closes a collection it never opened');
      } else if (tag === MAIN_INPUT || tag === MAIN_OUTPUT || tag === MAIN_FEATURE) {
        const flags = unsigned(data);
        const bits = globals.size * globals.count;
        const report = `${tag}:${globals.reportId}`;
        const offset = bitsSoFar.get(report) ?? 0;
        if (offset + bits > MAX_BITS_PER_REPORT) throw new HidDescriptorError(`report ${globals.reportId} is longer than 4096 bytes`);
        bitsSoFar.set(report, offset + bits);
        const fieldUsages = takeUsages();
        if (tag === MAIN_INPUT && bits > 0) {
          inputs.push({
            reportId: globals.reportId,
            bitOffset: offset,
            size: globals.size,
            count: globals.count,
            constant: (flags & 0x01) !== 0,
            variable: (flags & 0x02) !== 0,
            logicalMin: globals.logicalMin,
            logicalMax: globals.logicalMax,
            usages: fieldUsages,
            collections: [...collections],
          });
        }
      } else throw new HidDescriptorError(`unknown main item 0x${prefix.toString(16)} at byte ${at - 1 - length}`);
    } else if (type === 1) {
      switch (tag) {
        case 0x0:
          globals.usagePage = unsigned(data);
          break;
        case 0x1:
          globals.logicalMin = signed(data);
          break;
        case 0x2:
          // A maximum written unsigned where the minimum is not negative (0x26 FF 00 is 255, not -1).
          globals.logicalMax = globals.logicalMin < 0 ? signed(data) : unsigned(data);
          break;
        case 0x7:
          globals.size = unsigned(data);
          if (globals.size > 32) throw new HidDescriptorError(`report size of ${globals.size} bits: at most 32 are read`);
          break;
        case 0x8:
          globals.reportId = unsigned(data);
          if (globals.reportId === 0 || globals.reportId > 255) throw new HidDescriptorError(`report ID ${globals.reportId} is not 1–255`);
          usesReportIds = true;
          break;
        case 0x9:
          globals.count = unsigned(data);
          break;
        case 0xa:
          stack.push({ ...globals });
          break;
        case 0xb: {
          const popped = stack.pop();
          if (!popped) throw new HidDescriptorError('report descriptor pops more than it pushed');
          globals = popped;
          break;
        }
        default:
          // Physical range, unit, unit exponent: nothing a reader's text depends on.
          break;
      }
    } else if (type === 2) {
      if (tag === 0x0) usages.push({ value: unsigned(data), bytes: length });
      else if (tag === 0x1) usageMin = { value: unsigned(data), bytes: length };
      else if (tag === 0x2 && usageMin) {
        const max = unsigned(data);
        if (max - usageMin.value >= MAX_USAGES || max < usageMin.value)
          throw new HidDescriptorError(`usage range 0x${usageMin.value.toString(16)}–0x${max.toString(16)} is not a range`);
        for (let id = usageMin.value; id <= max; id++) usages.push({ value: id, bytes: usageMin.bytes });
        usageMin = undefined;
      }
    } else throw new HidDescriptorError(`reserved item type at byte ${at - 1 - length}`);
  }
  if (collections.length > 0) throw new HidDescriptorError('report descriptor leaves a collection open');
  return { inputs, usesReportIds };
}

/** Length in bytes of an input report, the report ID byte included when the device uses them. */
export function inputReportBytes(descriptor: HidReportDescriptor, reportId: number): number {
  const bits = descriptor.inputs.filter((f) => f.reportId === reportId).reduce((end, f) => Math.max(end, f.bitOffset + f.size * f.count), 0);
  return Math.ceil(bits / 8) + (descriptor.usesReportIds ? 1 : 0);
}

/** The i-th value of a field in a report (report ID byte already removed), as an unsigned or, where the field can be negative, signed number. */
export function fieldValue(data: Uint8Array, field: HidField, i: number): number {
  const start = field.bitOffset + i * field.size;
  let value = 0;
  for (let bit = 0; bit < field.size; bit++) {
    const at = start + bit;
    if (((data[at >> 3] ?? 0) >> (at & 7)) & 1) value += 2 ** bit;
  }
  return field.logicalMin < 0 && value >= 2 ** (field.size - 1) ? value - 2 ** field.size : value;
}

/** The usage a variable field's i-th value reports: the last usage repeats for the rest (HID 1.11, 6.2.2.8). */
export function variableUsage(field: HidField, i: number): number | undefined {
  return field.usages[Math.min(i, field.usages.length - 1)];
}
