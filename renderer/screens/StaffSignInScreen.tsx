import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PinRefusal, SignedIn, SignInReply, StaffName } from '../../core/api/staff';
import { PinScreen, type PinVerdict } from '../components/PinScreen';
import { commonFailureKey, isNotSaved } from '../error-message';

/**
 * The way into staff mode: a person picks their name, then types their PIN on the pad (a staff
 * badge tapped on the kiosk's reader meanwhile signs in alone). `chosen`: the account a staff
 * badge typed at this screen named, straight to its PIN.
 */
export function StaffSignInScreen(props: {
  chosen?: StaffName;
  loadNames: () => Promise<StaffName[]>;
  onSignIn: (staffId: number, pin: string) => Promise<SignInReply>;
  onSignedIn: (signedIn: SignedIn) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [names, setNames] = useState<StaffName[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState<StaffName | null>(props.chosen ?? null);
  const { loadNames } = props;

  useEffect(() => {
    if (chosen) return;
    let current = true;
    loadNames().then(
      (loaded) => current && setNames(loaded),
      (error: unknown) => current && setProblem(t(commonFailureKey(error) ?? 'staffSignIn.namesNotRead')),
    );
    return () => {
      current = false;
    };
  }, [chosen, loadNames, t]);

  const refusalText = (refusal: PinRefusal): PinVerdict =>
    refusal.refused === 'wrong_pin'
      ? t('staffSignIn.triesLeft', { count: refusal.triesLeft })
      : refusal.refused === 'locked'
        ? t('staffSignIn.locked', { count: refusal.minutes })
        : { waitSeconds: refusal.seconds, words: (count) => t('staffSignIn.wait', { count }) };

  if (chosen) {
    return (
      <PinScreen
        heading={t('staffSignIn.pinFor', { name: chosen.name })}
        explain={t('staffSignIn.explainPin')}
        pinLabel={t('staffSignIn.pin')}
        check={(pin) =>
          props.onSignIn(chosen.id, pin).then(
            (reply) => {
              if ('refusal' in reply) return refusalText(reply.refusal);
              props.onSignedIn(reply);
              return null;
            },
            // The database could not record the try (locked, full): said here, the service's line names files.
            (error: unknown) => {
              if (isNotSaved(error)) return t('staffSignIn.notSaved');
              throw error;
            },
          )
        }
        cancelLabel={props.chosen ? undefined : t('staffSignIn.back')}
        onCancel={props.chosen ? props.onCancel : () => setChosen(null)}
      />
    );
  }
  return (
    <main className="screen">
      <h1>{t('staffSignIn.heading')}</h1>
      <p>{t('staffSignIn.explain')}</p>
      {names && names.length === 0 && <p>{t('staffSignIn.noNames')}</p>}
      {names && names.length > 0 && (
        <ul className="staff-names" aria-label={t('staffSignIn.names')}>
          {names.map((person) => (
            <li key={person.id}>
              <button type="button" className="staff-name" onClick={() => setChosen(person)}>
                {person.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem && <p role="alert">{problem}</p>}
      <button type="button" className="secondary" onClick={props.onCancel}>
        {t('actions.cancel')}
      </button>
    </main>
  );
}
