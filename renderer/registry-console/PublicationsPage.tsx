import type { PublicationOverview } from '../../core/registry/console-api';
import { ErrorLine } from './ErrorLine';
import { formatBytes, formatWhen } from './format';
import { useWords } from './i18n';
import { usePaged } from './usePaged';

/** Every signed publication, newest first, with what it held and how large its files were. */
export function PublicationsPage({ onRefused }: { onRefused: (error: unknown) => void }) {
  const { t, i18n } = useWords();
  const { items, error, more } = usePaged<PublicationOverview>('publications', 'publications', onRefused);
  const number = (value: number) => new Intl.NumberFormat(i18n.language).format(value);
  return (
    <main>
      <h1>{t('publications.heading')}</h1>
      <ErrorLine error={error} />
      {items === null ? (
        <p>{t('loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('publications.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('publications.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('publications.sequence')}</th>
              <th scope="col">{t('publications.when')}</th>
              <th scope="col">{t('publications.spaces')}</th>
              <th scope="col">{t('publications.members')}</th>
              <th scope="col">{t('publications.feed')}</th>
              <th scope="col">{t('publications.delta')}</th>
              <th scope="col">{t('publications.changes')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((publication) => (
              <tr key={publication.sequence}>
                <td className="number">{publication.sequence}</td>
                <td>{formatWhen(publication.generatedAt, i18n.language)}</td>
                <td className="number">{number(publication.spaces)}</td>
                <td className="number">{number(publication.members)}</td>
                <td className="number">{formatBytes(publication.gzBytes, i18n.language)}</td>
                <td className="number">{publication.deltaBytes === null ? '' : formatBytes(publication.deltaBytes, i18n.language)}</td>
                <td className="number">{number(publication.changes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && (
        <button type="button" onClick={more}>
          {t('publications.older')}
        </button>
      )}
    </main>
  );
}
