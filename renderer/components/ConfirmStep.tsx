import { useTranslation } from 'react-i18next';

/** A last look before something that cannot be taken back: what will happen, yes or cancel. */
export function ConfirmStep(props: {
  heading: string;
  explain: string;
  confirmLabel: string;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="decision" role="alertdialog" aria-label={props.heading}>
      <h2>{props.heading}</h2>
      <p>{props.explain}</p>
      {props.error && <p role="alert">{props.error}</p>}
      <div className="actions">
        <button type="button" className="primary danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          {t('actions.cancel')}
        </button>
      </div>
    </section>
  );
}
