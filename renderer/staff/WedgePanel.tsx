import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import { isPrintable, learnWedgeGap, type LearnedGap } from '../../core/keyboard-wedge';
import { useCall } from '../hooks/useCall';
import { useWedgeControl } from '../hooks/wedge-control';

type Step = { name: 'idle' } | { name: 'listening' } | { name: 'tooShort' } | { name: 'learned'; gap: LearnedGap } | { name: 'saved'; ms: number };

const TERMINATORS = ['Enter', 'Tab'];

/**
 * The keyboard wedge's limit between keys, and "Learn from a scan": staff scan a badge, the
 * kiosk times its keys and proposes a limit with room to spare; a manager saves it as the
 * reader.wedgeGapMs setting (audited like any setting), and the kiosk uses it at once.
 */
export function WedgePanel({ api, canSet }: { api: KioskApi; canSet: boolean }) {
  const { t } = useTranslation();
  const control = useWedgeControl();
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const { busy, error, run } = useCall();
  const listening = step.name === 'listening';
  const setLearning = control?.setLearning;

  useEffect(() => {
    if (!listening || !setLearning) return;
    setLearning(true);
    const times: number[] = [];
    // Every key of the scan is the reader's: none may press the focused button or type anywhere.
    const onKeyDown = (event: KeyboardEvent) => {
      event.preventDefault();
      event.stopPropagation();
      if (event.key === 'Escape') setStep({ name: 'idle' });
      else if (TERMINATORS.includes(event.key)) {
        const gap = learnWedgeGap([...times, event.timeStamp]);
        setStep(gap ? { name: 'learned', gap } : { name: 'tooShort' });
      } else if (isPrintable(event.key)) times.push(event.timeStamp);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      setLearning(false);
    };
  }, [listening, setLearning]);

  if (!control) return null;
  const save = (ms: number) =>
    run(
      () => api.setSetting({ key: 'reader.wedgeGapMs', value: ms }),
      () => {
        control.setGapMs(ms);
        setStep({ name: 'saved', ms });
      },
    );

  return (
    <section className="panel" aria-labelledby="wedge-heading">
      <h2 id="wedge-heading">{t('devices.wedge.heading')}</h2>
      <p>{t('devices.wedge.limit', { ms: control.gapMs })}</p>
      <div role="status" aria-label={t('devices.wedge.heading')}>
        {listening && <p>{t('devices.wedge.listening')}</p>}
        {step.name === 'tooShort' && <p>{t('devices.wedge.tooShort')}</p>}
        {step.name === 'learned' && (
          <p>
            {t('devices.wedge.learned', {
              longest: step.gap.longestGapMs,
              proposed: step.gap.proposedMs,
            })}
          </p>
        )}
        {step.name === 'learned' && !canSet && <p>{t('devices.wedge.managerSets')}</p>}
        {step.name === 'saved' && <p>{t('devices.wedge.saved', { ms: step.ms })}</p>}
      </div>
      {error && <p role="alert">{error}</p>}
      <div className="actions">
        {listening ? (
          <button type="button" className="secondary" onClick={() => setStep({ name: 'idle' })}>
            {t('actions.cancel')}
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => setStep({ name: 'listening' })}>
            {t('devices.wedge.learn')}
          </button>
        )}
        {step.name === 'learned' && canSet && (
          <button type="button" className="primary" disabled={busy} onClick={() => save(step.gap.proposedMs)}>
            {t('devices.wedge.use', { ms: step.gap.proposedMs })}
          </button>
        )}
      </div>
    </section>
  );
}
