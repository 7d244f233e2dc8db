import { useTranslation } from 'react-i18next';
import { PinScreen } from '../components/PinScreen';

/** Leaving kiosk mode (Electron only): a manager's PIN, or back to the visitors. */
export function ExitKioskScreen(props: { onExit: (pin: string) => Promise<boolean>; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <PinScreen
      heading={t('exit.heading')}
      explain={t('exit.explain')}
      pinLabel={t('exit.pin')}
      check={(pin) => props.onExit(pin).then((ok) => (ok ? null : t('pin.wrong')))}
      onCancel={props.onCancel}
    />
  );
}
