import { useTranslation } from 'react-i18next';

/** A page opened with a screen name no reader could be given (`?screen=` in its address): it says how to put it right. */
export function BadScreenNameScreen({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <main className="screen result neutral">
      <section role="alert" className="verdict">
        <h1>{t('badScreenName.heading', { name })}</h1>
        <p>{t('badScreenName.fix')}</p>
      </section>
    </main>
  );
}
