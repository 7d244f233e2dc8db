import { useTranslation } from 'react-i18next';
import type { SignedIn } from '../../core/api';
import { PinScreen } from '../components/PinScreen';

/** The way into staff mode from the welcome screen: a PIN, or a staff badge tapped meanwhile. */
export function StaffSignInScreen(props: { onSignIn: (pin: string) => Promise<SignedIn>; onSignedIn: (signedIn: SignedIn) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <PinScreen
      heading={t('staffSignIn.heading')}
      explain={t('staffSignIn.explain')}
      pinLabel={t('staffSignIn.pin')}
      check={(pin) =>
        props.onSignIn(pin).then((signedIn) => {
          props.onSignedIn(signedIn);
          return null;
        })
      }
      onCancel={props.onCancel}
    />
  );
}
