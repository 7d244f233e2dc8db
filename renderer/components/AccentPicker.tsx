import { useTranslation } from 'react-i18next';

/** The accented forms of a letter, shown after a long press on it; a tap on one types it. */
export function AccentPicker(props: { letter: string; accents: string[]; onPick: (letter: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="accent-picker" role="group" aria-label={t('onScreenKeys.accentsOf', { letter: props.letter })}>
      {[props.letter, ...props.accents].map((letter) => (
        <button key={letter} type="button" tabIndex={-1} className="accent" onClick={() => props.onPick(letter)}>
          {letter}
        </button>
      ))}
      <button type="button" tabIndex={-1} className="accent close" aria-label={t('onScreenKeys.closeAccents')} onClick={props.onClose}>
        ✕
      </button>
    </div>
  );
}
