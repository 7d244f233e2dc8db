import { useTranslation } from 'react-i18next';

/** What a page that cannot load its kiosk shows, instead of a blank screen, while it keeps asking. */
export function UnreachableScreen() {
  const { t } = useTranslation();
  return (
    <main className="screen result neutral">
      <section role="alert" className="verdict">
        <h1>{t('unreachable.heading')}</h1>
        <p>{t('unreachable.retrying')}</p>
        <p>{t('unreachable.paired')}</p>
      </section>
    </main>
  );
}
