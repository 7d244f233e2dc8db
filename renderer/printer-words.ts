import type { TFunction } from 'i18next';
import type { PrinterReason } from '../core/printer-reason';
import { isolated, shown } from './quoted';

/**
 * Where the printer or a badge's print stands, in the screen's language, never the service's
 * English line (that stays for the command line and the log). The spooler's own words, when it
 * said any, follow as they are: they are the printer's, not ours.
 */
export function printerText(t: TFunction, reason: PrinterReason): string {
  const words = t(`printerState.${reason.state}`, { queue: shown(reason.queue ?? ''), jobId: reason.jobId ?? '', seconds: reason.seconds ?? 0 });
  return reason.spooler ? t('printerState.spoolerSays', { words, message: isolated(reason.spooler) }) : words;
}

/** Worth a warning at the desk: the printer cannot print as it stands. */
export const printerNeedsHelp = (reason: PrinterReason): boolean => reason.state !== 'ready' && reason.state !== 'printed';
