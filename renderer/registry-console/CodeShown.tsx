import { useEffect, useRef, useState } from 'react';
import type { MadeCode } from '../../core/registry/console-api';
import { formatWhen } from './format';
import { useWords } from './i18n';

/** A one-time enrolment code, shown this once with a copy button; the registry keeps only its hash. */
export function CodeShown({ spaceName, made, onDone }: { spaceName: string; made: MadeCode; onDone: () => void }) {
  const { t, i18n } = useWords();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(made.code);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <section className="panel code" aria-labelledby="code-heading">
      <h2 id="code-heading" tabIndex={-1} ref={heading}>
        {t('code.heading', { name: spaceName })}
      </h2>
      <p>{t('code.explain')}</p>
      <p>
        <output aria-label={t('code.heading', { name: spaceName })} className="code-text">
          {made.code}
        </output>
      </p>
      <p>{t('code.expires', { when: formatWhen(made.expiresAt, i18n.language) })}</p>
      <div className="row">
        <button type="button" onClick={copy}>
          {t('code.copy')}
        </button>
        <button type="button" className="primary" onClick={onDone}>
          {t('code.done')}
        </button>
        <span role="status">{copied === 'yes' ? t('code.copied') : copied === 'failed' ? t('code.copyFailed') : ''}</span>
      </div>
    </section>
  );
}
