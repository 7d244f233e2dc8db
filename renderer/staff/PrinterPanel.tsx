import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { PrinterStatus } from '../../core/api/printer';
import type { PrintOutcome } from '../../core/badge';
import { commonFailureKey, errorText, ScreenWords } from '../error-message';
import { useCall } from '../hooks/useCall';
import { printerNeedsHelp, printerText } from '../printer-words';

/** The badge printer: which one, the spooler's word on it, and a test label. */
export function PrinterPanel({ api }: { api: KioskApi }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<PrinterStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<PrintOutcome | null>(null);
  const { busy, error, run } = useCall();

  useEffect(() => {
    api.printerStatus({}).then(setStatus, (e: unknown) => setLoadError(errorText(t, e)));
  }, [api, t]);

  const testPrint = () =>
    run(
      () =>
        api.testPrint({}).catch(async (e: unknown) => {
          // The printer may have been unset since the panel opened: show that, in the desk's words rather than the CLI's.
          const now = commonFailureKey(e) ? null : await api.printerStatus({}).catch(() => null);
          if (!now || now.configured) throw e;
          setStatus(now);
          throw new ScreenWords(t('devices.noPrinter'));
        }),
      setOutcome,
    );

  return (
    <section className="panel" aria-labelledby="printer-heading">
      <h2 id="printer-heading">{t('devices.printer')}</h2>
      {loadError && <p role="alert">{loadError}</p>}
      {status && (
        <>
          {status.configured ? (
            <>
              <p className="emphasis">
                {t('devices.printerName', {
                  name: status.configured.name,
                  format: t(`settings.printerFormats.${status.configured.format}`),
                  label: t(`settings.printerLabels.${status.configured.label}`),
                })}
              </p>
              <p className={printerNeedsHelp(status.reason) ? 'warning' : undefined}>{printerText(t, status.reason)}</p>
              <div className="actions">
                <button type="button" className="secondary" disabled={busy} onClick={testPrint}>
                  {t('devices.testPrint')}
                </button>
              </div>
            </>
          ) : (
            <p className="warning">{t('devices.noPrinter')}</p>
          )}
        </>
      )}
      {outcome && (
        <p role="status" className={outcome.status === 'failed' ? 'warning' : undefined}>
          {t(outcome.status === 'printed' ? 'devices.printed' : 'devices.notPrinted', { detail: printerText(t, outcome.reason) })}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
