import { useTranslation } from 'react-i18next';

/**
 * A reader's tap that the kiosk could not save (its database locked by another program, a full
 * disk): nothing was logged, so the visitor is asked to tap again or to ask at the desk. Like the
 * result screens it goes back to the welcome screen by itself.
 */
export function TapNotSavedScreen(props: { onCallStaff: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="screen result denied not-saved">
      <section role="alert" className="verdict">
        <div className="verdict-icon" aria-hidden="true">
          !
        </div>
        <h1>{t('tapNotSaved.heading')}</h1>
        <p>{t('tapNotSaved.next')}</p>
      </section>
      <div className="actions">
        <button type="button" className="secondary big" onClick={props.onCallStaff}>
          {t('actions.callStaff')}
        </button>
        <button type="button" className="secondary" onClick={props.onDone}>
          {t('actions.done')}
        </button>
      </div>
    </main>
  );
}
