import type { ReaderConfig } from '../../core/readers.js';
import { HidReader } from './hid-reader.js';
import type { Reader } from './reader.js';
import { SerialReader } from './serial-reader.js';

export function createReader(config: ReaderConfig): Reader {
  return config.type === 'serial' ? new SerialReader(config) : new HidReader(config);
}
