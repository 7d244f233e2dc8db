import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { AuditView } from '../../core/api/records';
import { errorText } from '../error-message';
import { dateTimeOf, type Place } from '../staff/format';

const SUMMARY_LENGTH = 160;

/** An entry's detail in one line: "visit: 12, reason: forgot badge". */
function summarise(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  const text =
    typeof detail === 'object'
      ? Object.entries(detail)
          .map(([key, value]) => `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
          .join(', ')
      : String(detail);
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
}

/** Every staff and manager action, newest first, and whether the chain of entries is still whole. */
export function AuditPage({ api, place }: { api: KioskApi; place: Place }) {
  const { t, i18n } = useTranslation();
  const [log, setLog] = useState<{ entries: AuditView[]; intact: boolean; problem: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.auditLog({ limit: 200 }).then(setLog, (e: unknown) => setError(errorText(t, e)));
  }, [api, t]);

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('audit.heading')}</h2>
      {error && <p role="alert">{error}</p>}
      {log &&
        (log.intact ? (
          <p role="status" className="chain intact">
            {t('audit.intact')}
          </p>
        ) : (
          <p role="alert" className="chain tampered">
            {t('audit.tampered', { problem: log.problem ?? '' })}
          </p>
        ))}
      {log?.entries.length === 0 && <p>{t('audit.empty')}</p>}
      {log && log.entries.length > 0 && (
        <table className="visits audit">
          <thead>
            <tr>
              <th scope="col">{t('audit.time')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {log.entries.map((entry) => (
              <tr key={entry.id}>
                <td>{dateTimeOf(entry.at, i18n.language, place)}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td className="detail">{summarise(entry.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
