import type { ChangeEntry } from '../../core/registry/console-api';
import { ErrorLine } from './ErrorLine';
import { formatWhen } from './format';
import { useWords } from './i18n';
import type { Catalog } from './locales/en';
import { en } from './locales/en';
import { usePaged } from './usePaged';

type Kind = keyof Catalog['changes']['kinds'];
const KINDS = new Set(Object.keys(en.changes.kinds));

/** The append-only change log, newest first: who changed what, when, and which publication carried it. */
export function ChangesPage({ onRefused }: { onRefused: (error: unknown) => void }) {
  const { t, i18n } = useWords();
  const { items, error, more } = usePaged<ChangeEntry>('changes', 'changes', onRefused);
  return (
    <main>
      <h1>{t('changes.heading')}</h1>
      <ErrorLine error={error} />
      {items === null ? (
        <p>{t('loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('changes.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('changes.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('changes.when')}</th>
              <th scope="col">{t('changes.who')}</th>
              <th scope="col">{t('changes.space')}</th>
              <th scope="col">{t('changes.what')}</th>
              <th scope="col">{t('changes.published')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((change) => (
              <tr key={change.id}>
                <td>{formatWhen(change.at, i18n.language)}</td>
                <td>{change.actor === 'coordinator' ? t('changes.coordinator') : change.actor}</td>
                <td>{change.space ?? ''}</td>
                <td>
                  {KINDS.has(change.kind) ? t(`changes.kinds.${change.kind as Kind}`) : change.kind}
                  {/* The member changed; a space's own id is in the Space column already. */}
                  {change.targetKind === 'member' && change.target && <span className="sub">{change.target}</span>}
                  {change.summary && <span className="sub">{change.summary}</span>}
                </td>
                <td>{change.publishedIn ?? t('changes.notYet')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && (
        <button type="button" onClick={more}>
          {t('changes.older')}
        </button>
      )}
    </main>
  );
}
