import { useTranslation } from 'react-i18next';

/** A confirmation in large words, with one way out. */
export function MessageScreen(props: { tone: 'admitted' | 'neutral'; heading: string; lines: string[]; onDone: () => void }) {
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
        <button type="button" className="secondary" onClick={props.onDone}>
          {t('actions.done')}
        </button>
      </div>
    </main>
  );
}
