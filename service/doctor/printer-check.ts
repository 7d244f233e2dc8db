import type { PrinterStatus } from '../../core/api/printer.js';
import { fail, pass, skip, type CheckResult } from './check.js';

/** The badge printer's queue: there, and running and accepting jobs. */
export function printerCheck(status: PrinterStatus): CheckResult {
  if (!status.configured) return skip('printer', 'no printer configured (printer.name): visits are logged without badges');
  const { queue } = status;
  if (!queue || queue.state === 'stopped' || !queue.acceptingJobs)
    return fail('printer', `${status.detail}${queue && !queue.acceptingJobs ? ' (not accepting jobs)' : ''}`);
  return pass('printer', `${status.detail}: ${status.configured.format} badges, ${status.configured.label}`);
}
