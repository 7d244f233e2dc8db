import type { TFunction } from 'i18next';
import type { BadRead, ReaderReason } from '../core/reader-reason';

/**
 * Where a badge reader stands, in the screen's language, never the driver's English line (that
 * stays for the command line and the log). The device's name and the system's own message, when
 * nothing here names the failure, are shown as they are.
 */
export function readerText(t: TFunction, reason: ReaderReason): string {
  if (reason.state === 'listening' && reason.baudRate !== undefined)
    return t('readerState.listeningBaud', { device: reason.device, baudRate: reason.baudRate });
  return t(`readerState.${reason.state}`, { device: '', message: '', ...reason });
}

/** The last frame a reader refused, in words; what the reader sent is shown as it is. */
export function badReadText(t: TFunction, bad: BadRead): string {
  if (bad.what === 'credential') return t('badRead.credential', { text: bad.text, problem: t(`problem.credential.${bad.fault.kind}`, bad.fault) });
  const problem = bad.problem;
  return problem.kind === 'parity' ? t(`badRead.parity_${problem.half}`) : t(`badRead.${problem.kind}`, problem);
}

/** "Last bad read: …", for a reader that has refused a frame. */
export const lastBadReadText = (t: TFunction, bad: BadRead): string => t('readerState.lastBadRead', { problem: badReadText(t, bad) });
