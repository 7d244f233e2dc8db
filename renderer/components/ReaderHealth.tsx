import { useTranslation } from 'react-i18next';
import type { ReaderStatus } from '../../core/readers';

/** True when readers are configured and none of them can read a badge now: the visitor must type it instead. */
export function noReaderWorking(readers: ReaderStatus[]): boolean {
  return readers.length > 0 && readers.every((r) => r.state !== 'connected');
}

/** A quiet line at the foot of the welcome screen; nothing at all when no reader is configured. */
export function ReaderHealth({ readers }: { readers: ReaderStatus[] }) {
  const { t } = useTranslation();
  if (readers.length === 0) return null;
  const ok = readers.every((r) => r.state === 'connected');
  return (
    <p className={`reader-health ${ok ? 'ok' : 'down'}`} role="status">
      <span aria-hidden="true">{ok ? '●' : '▲'}</span> {ok ? t('welcome.readersReady') : t('welcome.readersDown')}
    </p>
  );
}
