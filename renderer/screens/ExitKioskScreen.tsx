import { useTranslation } from 'react-i18next';
import { PinScreen } from '../components/PinScreen';
import { isNotSaved } from '../error-message';

/** Leaving kiosk mode (Electron only): a manager's PIN, or back to the visitors. */
export function ExitKioskScreen(props: { onExit: (pin: string) => Promise<boolean>; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <PinScreen
      heading={t('exit.heading')}
      explain={t('exit.explain')}
      pinLabel={t('exit.pin')}
      check={(pin) =>
        props.onExit(pin).then(
          (ok) => (ok ? null : t('pin.wrong')),
          // The service's refusals are English lines: the two this screen meets are said in its language.
          (error: unknown) => {
            const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
            if (typeof seconds === 'number') return { waitSeconds: seconds, words: (count: number) => t('staffSignIn.wait', { count }) };
            if (isNotSaved(error)) return t('exit.notSaved');
            throw error;
          },
        )
      }
      onCancel={props.onCancel}
    />
  );
}
