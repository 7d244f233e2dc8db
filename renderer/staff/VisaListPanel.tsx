import { useEffect, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { ImportResult, ListStatus } from '../../core/api/visa-list';
import type { StaleReason } from '../../core/list-freshness';
import type { KioskClient } from '../api-client';
import { detailText, errorText } from '../error-message';
import { recordProblemText } from '../record-problem-text';
import { useCall } from '../hooks/useCall';
import { dateTimeOf, type Place } from './format';
import { readText } from '../read-text';

const STALE_KEYS = {
  no_list: 'devices.staleNoList',
  expired: 'devices.staleExpired',
  too_old: 'devices.staleTooOld',
  from_the_future: 'devices.staleFuture',
} as const satisfies Record<StaleReason, string>;

/** A member list (.csv) or a visa feed (anything else, JSON), as the service takes each. */
async function importFile(api: KioskApi, file: File): Promise<ImportResult> {
  const text = await readText(file);
  return file.name.toLowerCase().endsWith('.csv') ? api.importCsv({ csv: text }) : api.importFeed({ feed: text });
}

/** The visa list the kiosk decides from: how fresh it is, a sync on demand, and (managers) a file to install. */
export function VisaListPanel({ client, place, canImport }: { client: KioskClient; place: Place; canImport: boolean }) {
  const { t, i18n } = useTranslation();
  const { api } = client;
  const [status, setStatus] = useState<ListStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ message: string; problems: string[] } | null>(null);
  const { busy, error, run } = useCall();

  useEffect(() => {
    api.listStatus({}).then(setStatus, (e: unknown) => setLoadError(errorText(t, e)));
    return client.on('listChanged', setStatus);
  }, [api, client, t]);

  const installed = (result: ImportResult, message: string) => {
    setStatus(result);
    setOutcome({
      message,
      problems: result.skipped > 0 ? [t('devices.skipped', { count: result.skipped }), ...result.problemDetails.map((p) => recordProblemText(t, p))] : [],
    });
  };
  const sync = () =>
    run(
      () => api.syncNow({}),
      (result) => installed(result, result.changed ? t('devices.synced', { sequence: result.sequence }) : t('devices.unchanged')),
    );
  const pickFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setOutcome(null);
    run(
      () => importFile(api, file),
      (result) => installed(result, t('devices.imported', { sequence: result.sequence, members: result.members })),
    );
  };

  const lastProblem = status?.lastError ? (status.lastErrorDetail ? detailText(t, status.lastErrorDetail) : t('problem.last_sync')) : null;

  return (
    <section className="panel" aria-labelledby="list-heading">
      <h2 id="list-heading">{t('devices.list')}</h2>
      {loadError && <p role="alert">{loadError}</p>}
      {status && (
        <>
          {status.staleReason && <p className="warning">{t(STALE_KEYS[status.staleReason])}</p>}
          {status.plainHttpFeed && <p className="warning">{t(status.source === 'registry' ? 'devices.plainHttpRegistry' : 'devices.plainHttp')}</p>}
          <dl className="facts">
            <dt>{t('devices.sequence')}</dt>
            <dd>{status.sequence ?? t('devices.noList')}</dd>
            <dt>{t('devices.members')}</dt>
            <dd>{status.members}</dd>
            <dt>{t('devices.spaces')}</dt>
            <dd>{status.spaces}</dd>
            <dt>{t('devices.generated')}</dt>
            <dd>{status.generatedAt ? dateTimeOf(status.generatedAt, i18n.language, place) : '—'}</dd>
            {status.expiresAt && (
              <>
                <dt>{t('devices.expires')}</dt>
                <dd>{dateTimeOf(status.expiresAt, i18n.language, place)}</dd>
              </>
            )}
            <dt>{t('devices.lastSync')}</dt>
            <dd>{status.lastSyncAt ? dateTimeOf(status.lastSyncAt, i18n.language, place) : t('devices.never')}</dd>
          </dl>
          {/* A sync that just failed is recorded as the last problem too: said once, by the alert below. */}
          {lastProblem && lastProblem !== error && <p className="warning">{t('devices.lastError', { error: lastProblem })}</p>}
        </>
      )}
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={sync}>
          {t('devices.syncNow')}
        </button>
        {canImport && (
          <label className="file-button secondary">
            {t('devices.importFile')}
            <input type="file" accept=".json,.csv,application/json,text/csv" disabled={busy} onChange={pickFile} />
          </label>
        )}
      </div>
      {canImport && <p className="hint">{t('devices.importHint')}</p>}
      {outcome && (
        <div role="status">
          <p>{outcome.message}</p>
          {outcome.problems.length > 0 && (
            <ul className="problems">
              {outcome.problems.map((problem, i) => (
                <li key={i}>{problem}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
