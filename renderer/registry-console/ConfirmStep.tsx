import { useEffect, useRef } from 'react';
import { useWords } from './i18n';

export type Step = 'suspend' | 'resume' | 'remove' | 'revoke';

/** Says what a step does to a space or a kiosk before it is taken; nothing happens until "Yes". */
export function ConfirmStep({ name, step, onConfirm, onCancel }: { name: string; step: Step; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useWords();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <section className="panel confirm" role="alertdialog" aria-labelledby="confirm-text">
      <p id="confirm-text">{t(`confirm.${step}`, { name })}</p>
      <div className="row">
        <button type="button" className={step === 'remove' || step === 'revoke' ? 'danger' : 'primary'} onClick={onConfirm}>
          {t(`confirm.yes.${step}`)}
        </button>
        <button type="button" ref={cancel} onClick={onCancel}>
          {t('confirm.cancel')}
        </button>
      </div>
    </section>
  );
}
