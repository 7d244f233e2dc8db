import { useTranslation } from 'react-i18next';

/** A confirmation in large words, with a way out, and a call to the desk when something still needs a person. */
export function MessageScreen(props: { tone: 'admitted' | 'neutral'; heading: string; lines: string[]; onCallStaff?: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <main className={`screen result ${props.tone}`}>
      <section role="status" aria-live="assertive" className="verdict">
        {props.tone === 'admitted' && (
          <div className="verdict-icon" aria-hidden="true">
            ✓
          </div>
        )}
        <h1>{props.heading}</h1>
        {props.lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </section>
      <div className="actions">
        {props.onCallStaff && (
          <button type="button" className="secondary big" onClick={props.onCallStaff}>
            {t('actions.callStaff')}
          </button>
        )}
        <button type="button" className="secondary" onClick={props.onDone}>
          {t('actions.done')}
        </button>
      </div>
    </main>
  );
}
