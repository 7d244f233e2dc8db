import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckinResult } from '../../core/api/checkin';
import type { KioskClient } from '../api-client';
import { useReaderStatuses } from '../hooks/useReaderStatuses';
import { lastBadReadText, readerText } from '../reader-words';
import { timeOf, type Place } from './format';

/** Each reader's state as it changes, and the last credential any of them read: tap a badge to test. */
export function ReadersPanel({ client, place }: { client: KioskClient; place: Place }) {
  const { t, i18n } = useTranslation();
  const { readers, error } = useReaderStatuses(client);
  const [lastRead, setLastRead] = useState<CheckinResult | null>(null);

  useEffect(() => client.on('checkin', setLastRead), [client]);

  return (
    <section className="panel" aria-labelledby="readers-heading">
      <h2 id="readers-heading">{t('devices.readers')}</h2>
      {error && <p role="alert">{error}</p>}
      {readers?.length === 0 && <p>{t('devices.noReaders')}</p>}
      {readers && readers.length > 0 && (
        <ul className="device-list">
          {[...readers]
            .sort((a, b) => a.readerId.localeCompare(b.readerId))
            .map((reader) => (
              <li key={reader.readerId} className={reader.state}>
                <strong>{reader.readerId}</strong> · <span className="state">{t(`devices.state.${reader.state}`)}</span>
                <span className="detail">{readerText(t, reader.reason)}</span>
                {reader.lastBadRead && <span className="detail">{lastBadReadText(t, reader.lastBadRead)}</span>}
                {reader.badFrames > 0 && <span className="detail">{t('devices.badFrames', { count: reader.badFrames })}</span>}
              </li>
            ))}
        </ul>
      )}
      <h3>{t('devices.testRead')}</h3>
      <div className="test-read" role="status" aria-label={t('devices.testRead')}>
        {lastRead ? (
          <>
            <p className="badge-number">{t('devices.read', { kind: t(`credential.${lastRead.credential.kind}`), value: lastRead.credential.value })}</p>
            <p>
              {t('devices.readAt', {
                time: timeOf(lastRead.at, i18n.language, place),
                decision: [t(`devices.decision.${lastRead.decision}`), lastRead.member?.name ?? lastRead.staff?.name].filter(Boolean).join(' · '),
              })}
            </p>
          </>
        ) : (
          <p>{t('devices.testReadHint')}</p>
        )}
      </div>
    </section>
  );
}
