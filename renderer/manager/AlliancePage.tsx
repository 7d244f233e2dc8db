import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AllianceStatus, RosterChange } from '../../core/api/alliance';
import type { KioskApi } from '../../core/api';
import { useCall } from '../hooks/useCall';
import { isolated } from '../quoted';
import { readText } from '../read-text';

type Screen = { kind: 'joined' } | { kind: 'preview'; csv: string; change: RosterChange } | { kind: 'published'; sequence: number | null };

const GROUPS = ['added', 'changed', 'removed'] as const;

/** Hands a file made on the page to the browser's download, as a click on a link would. */
function download(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * This kiosk in its alliance: joining with the coordinator's code, then sending the space's
 * members as a CSV, seen first as a preview of what changes. One decision per screen.
 */
export function AlliancePage({ api }: { api: KioskApi }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<AllianceStatus | null>(null);
  const [notSynced, setNotSynced] = useState<string | null>(null);
  const [screen, setScreen] = useState<Screen>({ kind: 'joined' });
  const [url, setUrl] = useState('');
  const [code, setCode] = useState('');
  const [passLinks, setPassLinks] = useState<{ count: number; fileName: string } | null>(null);
  const { busy, error, run, setError } = useCall();

  useEffect(() => {
    run(() => api.allianceStatus({}), setStatus);
  }, [api, run]);

  const join = (event: FormEvent) => {
    event.preventDefault();
    run(
      () => api.allianceJoin({ url: url.trim(), code: code.trim() }),
      (joined) => {
        setStatus(joined);
        setNotSynced(joined.syncError);
      },
    );
  };

  const pickFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    run(
      async () => {
        const csv = await readText(file);
        return { csv, change: await api.alliancePreviewRoster({ csv }) };
      },
      ({ csv, change }) => setScreen({ kind: 'preview', csv, change }),
    );
  };

  const publish = (csv: string) =>
    run(
      () => api.alliancePublishRoster({ csv }),
      (change) => setScreen({ kind: 'published', sequence: change.sequence }),
    );

  const downloadPassLinks = () =>
    run(
      () => api.alliancePassLinks({}),
      ({ csv, count, fileName }) => {
        // The byte order mark makes spreadsheets read the names as UTF-8.
        download(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }), fileName);
        setPassLinks({ count, fileName });
      },
    );

  const back = () => {
    setError(null);
    setScreen({ kind: 'joined' });
  };

  const body = () => {
    if (!status) return null;
    if (!status.joined)
      return (
        <form className="settings-form" onSubmit={join}>
          <p>{t('alliance.joinIntro')}</p>
          <label>
            {t('alliance.url')}
            <input type="text" inputMode="url" autoComplete="off" spellCheck={false} value={url} onChange={(e) => setUrl(e.target.value)} />
          </label>
          <label>
            {t('alliance.code')}
            <input type="text" autoComplete="off" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !url.trim() || !code.trim()}>
              {t('alliance.join')}
            </button>
          </div>
        </form>
      );
    if (screen.kind === 'preview') return <Preview change={screen.change} busy={busy} onPublish={() => publish(screen.csv)} onCancel={back} />;
    if (screen.kind === 'published')
      return (
        <div>
          <p role="status">{t('alliance.published', { sequence: screen.sequence })}</p>
          <button type="button" className="primary" onClick={back}>
            {t('alliance.done')}
          </button>
        </div>
      );
    return (
      <div>
        <p>{t('alliance.joined', { alliance: isolated(status.alliance ?? ''), space: isolated(status.spaceId ?? '') })}</p>
        <p>{t('alliance.registry', { url: isolated(status.registryUrl ?? '') })}</p>
        {notSynced && <p role="status">{t('alliance.notSynced', { why: isolated(notSynced) })}</p>}
        <h3>{t('alliance.rosterHeading')}</h3>
        <p>{t('alliance.rosterIntro')}</p>
        <label className="file-button secondary">
          {t('alliance.chooseFile')}
          <input type="file" accept=".csv,text/csv" disabled={busy} onChange={pickFile} />
        </label>
        <h3>{t('alliance.passesHeading')}</h3>
        <p>{t('alliance.passesIntro')}</p>
        <button type="button" className="secondary" disabled={busy} onClick={downloadPassLinks}>
          {t('alliance.passesDownload')}
        </button>
        {passLinks && <p role="status">{t('alliance.passesDone', { count: passLinks.count, file: isolated(passLinks.fileName) })}</p>}
      </div>
    );
  };

  return (
    <section aria-labelledby="alliance-heading" aria-busy={busy}>
      <h2 id="alliance-heading">{t('alliance.heading')}</h2>
      {body()}
      {busy && <p role="status">{t('alliance.busy')}</p>}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}

function Preview(props: { change: RosterChange; busy: boolean; onPublish: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { change } = props;
  const nothing = change.added + change.changed + change.removed === 0;
  return (
    <div>
      <h3 id="alliance-preview">{t('alliance.previewHeading')}</h3>
      {nothing ? (
        <p>{t('alliance.nothing')}</p>
      ) : (
        <dl aria-labelledby="alliance-preview">
          {GROUPS.map((group) => (
            <div key={group}>
              <dt>{t(`alliance.${group}`)}</dt>
              <dd>
                <strong>{change[group]}</strong>
                {change.preview[group].length > 0 && (
                  <ul aria-label={`${t(`alliance.${group}`)}: ${t('alliance.first')}`}>
                    {change.preview[group].map(({ id, name }) => (
                      <li key={id}>{name ? t('alliance.member', { name: isolated(name), id: isolated(id) }) : isolated(id)}</li>
                    ))}
                  </ul>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <div className="actions">
        {!nothing && (
          <button type="button" className="primary" disabled={props.busy} onClick={props.onPublish}>
            {t('alliance.publish')}
          </button>
        )}
        <button type="button" className="secondary" disabled={props.busy} onClick={props.onCancel}>
          {t('alliance.cancel')}
        </button>
      </div>
    </div>
  );
}
