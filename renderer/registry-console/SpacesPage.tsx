import { useEffect, useState } from 'react';
import type { MadeCode, SpaceOverview } from '../../core/registry/console-api';
import { AddSpaceForm } from './AddSpaceForm';
import { api } from './api';
import { CodeShown } from './CodeShown';
import { ConfirmStep, type Step } from './ConfirmStep';
import { ErrorLine } from './ErrorLine';
import { formatWhen } from './format';
import { useWords } from './i18n';

type Panel = { kind: 'add' } | { kind: 'code'; name: string; made: MadeCode } | { kind: 'confirm'; space: SpaceOverview; step: Step } | null;

/** Every space with its state and counts, and what the coordinator does to one: enrol, new code, suspend, resume, remove. */
export function SpacesPage({ onRefused }: { onRefused: (error: unknown) => void }) {
  const { t, i18n } = useWords();
  const [spaces, setSpaces] = useState<SpaceOverview[] | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [error, setError] = useState<unknown>(null);

  const [version, setVersion] = useState(0);
  const load = () => setVersion((v) => v + 1);
  useEffect(() => {
    api<{ spaces: SpaceOverview[] }>('GET', 'spaces').then(
      (answer) => setSpaces(answer.spaces),
      (failure: unknown) => {
        onRefused(failure);
        setError(failure);
      },
    );
  }, [version, onRefused]);

  const act = async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
    } catch (failure) {
      onRefused(failure);
      setError(failure);
      setPanel(null);
    }
    load();
  };

  const newCode = (space: SpaceOverview) =>
    act(async () => setPanel({ kind: 'code', name: space.name, made: await api<MadeCode>('POST', `spaces/${encodeURIComponent(space.id)}/code`) }));

  return (
    <main>
      <div className="heading-row">
        <h1>{t('spaces.heading')}</h1>
        <button type="button" className="primary" onClick={() => setPanel({ kind: 'add' })} disabled={panel?.kind === 'add'}>
          {t('spaces.add')}
        </button>
      </div>
      {panel?.kind === 'add' && (
        <AddSpaceForm
          onAdded={(name, made) => {
            setPanel({ kind: 'code', name, made });
            load();
          }}
          onCancel={() => setPanel(null)}
        />
      )}
      {panel?.kind === 'code' && <CodeShown spaceName={panel.name} made={panel.made} onDone={() => setPanel(null)} />}
      {panel?.kind === 'confirm' && (
        <ConfirmStep
          name={panel.space.name}
          step={panel.step}
          onCancel={() => setPanel(null)}
          onConfirm={() =>
            act(async () => {
              await api('POST', `spaces/${encodeURIComponent(panel.space.id)}/${panel.step}`);
              setPanel(null);
            })
          }
        />
      )}
      <ErrorLine error={error} />
      {spaces === null ? (
        <p>{t('loading')}</p>
      ) : spaces.length === 0 ? (
        <p>{t('spaces.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('spaces.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('spaces.space')}</th>
              <th scope="col">{t('spaces.state')}</th>
              <th scope="col">{t('spaces.members')}</th>
              <th scope="col">{t('spaces.kiosks')}</th>
              <th scope="col">{t('spaces.lastSeen')}</th>
              <th scope="col">{t('spaces.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {spaces.map((space) => (
              <tr key={space.id}>
                <th scope="row">
                  {space.name}
                  <span className="sub">
                    {space.id} · {space.city}, {space.country}
                  </span>
                </th>
                <td className={`state-${space.state}`}>{t(`spaces.states.${space.state}`)}</td>
                <td className="number">{space.members}</td>
                <td className="number">{space.kiosks}</td>
                <td>{space.lastSeenAt ? formatWhen(space.lastSeenAt, i18n.language) : t('never')}</td>
                <td>
                  <div className="actions">
                    {space.state === 'active' && (
                      <button type="button" aria-label={t('spaces.newCodeFor', { name: space.name })} onClick={() => void newCode(space)}>
                        {t('spaces.newCode')}
                      </button>
                    )}
                    {space.state === 'active' ? (
                      <button
                        type="button"
                        aria-label={t('spaces.suspendOf', { name: space.name })}
                        onClick={() => setPanel({ kind: 'confirm', space, step: 'suspend' })}
                      >
                        {t('spaces.suspend')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        aria-label={t('spaces.resumeOf', { name: space.name })}
                        onClick={() => setPanel({ kind: 'confirm', space, step: 'resume' })}
                      >
                        {t('spaces.resume')}
                      </button>
                    )}
                    <button
                      type="button"
                      className="danger"
                      aria-label={t('spaces.removeOf', { name: space.name })}
                      onClick={() => setPanel({ kind: 'confirm', space, step: 'remove' })}
                    >
                      {t('spaces.remove')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
