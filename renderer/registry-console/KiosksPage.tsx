import { useEffect, useState } from 'react';
import type { KioskOverview } from '../../core/registry/console-api';
import { api } from './api';
import { ErrorLine } from './ErrorLine';
import { formatWhen } from './format';
import { useWords } from './i18n';

/** Every kiosk and when the registry last heard from it, the longest silent first. */
export function KiosksPage({ onRefused }: { onRefused: (error: unknown) => void }) {
  const { t, i18n } = useWords();
  const [kiosks, setKiosks] = useState<KioskOverview[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ kiosks: KioskOverview[] }>('GET', 'kiosks').then(
      (answer) => setKiosks(answer.kiosks),
      (failure: unknown) => {
        onRefused(failure);
        setError(failure);
      },
    );
  }, [onRefused]);
  return (
    <main>
      <h1>{t('kiosks.heading')}</h1>
      <ErrorLine error={error} />
      {kiosks === null ? (
        <p>{t('loading')}</p>
      ) : kiosks.length === 0 ? (
        <p>{t('kiosks.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('kiosks.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('kiosks.kiosk')}</th>
              <th scope="col">{t('kiosks.space')}</th>
              <th scope="col">{t('kiosks.enrolled')}</th>
              <th scope="col">{t('kiosks.lastSeen')}</th>
              <th scope="col">{t('kiosks.state')}</th>
            </tr>
          </thead>
          <tbody>
            {kiosks.map((kiosk) => (
              <tr key={kiosk.id}>
                <th scope="row">
                  {kiosk.name || kiosk.id}
                  {kiosk.name && <span className="sub">{kiosk.id}</span>}
                </th>
                <td>{kiosk.spaceName}</td>
                <td>{formatWhen(kiosk.enrolledAt, i18n.language)}</td>
                <td>{kiosk.lastSeenAt ? formatWhen(kiosk.lastSeenAt, i18n.language) : t('never')}</td>
                <td>{kiosk.revoked ? t('kiosks.revoked') : t('kiosks.active')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
