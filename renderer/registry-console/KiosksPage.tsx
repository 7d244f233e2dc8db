import { useEffect, useState } from 'react';
import type { KioskOverview } from '../../core/registry/console-api';
import { api } from './api';
import { ConfirmStep } from './ConfirmStep';
import { ErrorLine } from './ErrorLine';
import { formatWhen } from './format';
import { useWords } from './i18n';

/** Every kiosk and when the registry last heard from it, the longest silent first; a stolen or retired one is revoked here. */
export function KiosksPage({ onRefused }: { onRefused: (error: unknown) => void }) {
  const { t, i18n } = useWords();
  const [kiosks, setKiosks] = useState<KioskOverview[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [revoking, setRevoking] = useState<KioskOverview | null>(null);
  const [version, setVersion] = useState(0);
  const revoke = async (kiosk: KioskOverview) => {
    setError(null);
    try {
      await api('POST', `kiosks/${encodeURIComponent(kiosk.id)}/revoke`);
    } catch (failure) {
      onRefused(failure);
      setError(failure);
    }
    setRevoking(null);
    setVersion((v) => v + 1);
  };
  useEffect(() => {
    api<{ kiosks: KioskOverview[] }>('GET', 'kiosks').then(
      (answer) => setKiosks(answer.kiosks),
      (failure: unknown) => {
        onRefused(failure);
        setError(failure);
      },
    );
  }, [version, onRefused]);
  return (
    <main>
      <h1>{t('kiosks.heading')}</h1>
      {revoking && <ConfirmStep name={revoking.name || revoking.id} step="revoke" onCancel={() => setRevoking(null)} onConfirm={() => void revoke(revoking)} />}
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
              <th scope="col">{t('kiosks.actions')}</th>
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
                <td>
                  {!kiosk.revoked && (
                    <button
                      type="button"
                      className="danger"
                      aria-label={t('kiosks.revokeOf', { name: kiosk.name || kiosk.id })}
                      onClick={() => setRevoking(kiosk)}
                    >
                      {t('kiosks.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
