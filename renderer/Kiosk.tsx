import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput } from '../core/api';
import type { KioskInfo } from '../core/api/kiosk-info';
import type { SignedIn, SignInReply } from '../core/api/staff';
import { wedgeCredential } from '../core/readers';
import type { KioskClient } from './api-client';
import { dayPassInput } from './components/GuestForm';
import { errorText, isNotSaved } from './error-message';
import { useBadgeStatuses } from './hooks/useBadgeStatuses';
import { useCheckins } from './hooks/useCheckins';
import { useIdleReturn } from './hooks/useIdleReturn';
import { useKeyboardWedge } from './hooks/useKeyboardWedge';
import { useReaderStatuses } from './hooks/useReaderStatuses';
import { WedgeContext } from './hooks/wedge-control';
import { formatPrice } from './i18n';
import { CheckOutScreen } from './screens/CheckOutScreen';
import { ExitKioskScreen } from './screens/ExitKioskScreen';
import { GuestScreen, type GuestDetails } from './screens/GuestScreen';
import { WELCOME, type Screen } from './screens/kiosk-screen';
import { MessageScreen } from './screens/MessageScreen';
import { ResultScreen } from './screens/ResultScreen';
import { StaffSignInScreen } from './screens/StaffSignInScreen';
import { TapNotSavedScreen } from './screens/TapNotSavedScreen';
import { TypeBadgeScreen } from './screens/TypeBadgeScreen';
import { CameraScreen } from './screens/CameraScreen';
import { WelcomeScreen } from './screens/WelcomeScreen';
import { playCue } from './sound';
import { StaffMode } from './staff/StaffMode';

/** The visitor screens, and staff mode once signed in: which one shows, and what each one's buttons do. */
export function Kiosk({ client, info }: { client: KioskClient; info: KioskInfo }) {
  const { t, i18n } = useTranslation();
  const [screen, setScreen] = useState<Screen>(WELCOME);
  const { readers } = useReaderStatuses(client);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const badgeOf = useBadgeStatuses(client);

  const home = useCallback(() => {
    setScreen(WELCOME);
    setError(null);
    setBusy(false);
    void i18n.changeLanguage(info.language);
  }, [i18n, info.language]);

  const openStaff = useCallback((signedIn: SignedIn) => {
    setScreen({ name: 'staff', signedIn });
    setError(null);
  }, []);

  const loadStaffNames = useCallback(() => client.api.staffNames({}), [client]);
  const signInWithPin = useCallback((staffId: number, pin: string): Promise<SignInReply> => client.api.signIn({ staffId, pin }), [client]);
  const checkin = useCheckins(client, { screen, setScreen, setError, openStaff });

  const lock = useCallback(() => {
    // Locking must not wait for the service: the screen goes back to visitors at once.
    client.api.signOut({}).catch(() => undefined);
    home();
  }, [client, home]);

  useEffect(() => client.shell?.onExitRequested(() => setScreen({ name: 'exitKiosk' })), [client]);

  // A typed badge number is guessed at; a reader's own keystrokes are read as the kiosk.wedgeForm setting says.
  const wedgeRead = useCallback((text: string) => checkin(text, wedgeCredential(info.wedgeForm)), [checkin, info.wedgeForm]);
  // The Devices page may learn a new limit from a scan: the kiosk stops listening meanwhile, and takes the new limit at once.
  const [wedgeGapMs, setWedgeGapMs] = useState(info.wedgeGapMs);
  const [learning, setLearning] = useState(false);
  useKeyboardWedge(wedgeRead, { gapMs: wedgeGapMs, enabled: !learning });
  const wedgeControl = useMemo(() => ({ gapMs: wedgeGapMs, setGapMs: setWedgeGapMs, setLearning }), [wedgeGapMs]);
  // Staff mode keeps its own, longer, idle lock. The welcome screen in a visitor's language goes back to the kiosk's for the next one.
  // A badge still printing keeps its screen until the printer's timeout has passed: the visitor learns whether it came out.
  const badgeShown = screen.name === 'result' ? badgeOf(screen.result) : screen.name === 'guestDone' ? badgeOf(screen.pass) : null;
  const idleHere = screen.name === 'welcome' ? i18n.language !== info.language : screen.name !== 'staff';
  const idleSeconds = badgeShown === 'pending' ? Math.max(info.idleSeconds, info.printTimeoutSeconds + 5) : info.idleSeconds;
  const shown = useMemo(() => ({ screen, badgeShown }), [screen, badgeShown]);
  useIdleReturn(idleHere, idleSeconds, home, shown);

  const buyDayPass = (details: GuestDetails) => {
    setBusy(true);
    setError(null);
    const from = screen.name === 'guest' ? screen.from : null;
    client.api
      .sellDayPass(dayPassInput(details, from?.member?.id))
      .then(
        (pass) => {
          setScreen({ name: 'guestDone', pass });
          playCue('admitted');
        },
        // A pass not saved is said the guest screen's own way; every other refusal in the visitor's language too.
        (e: unknown) => setError(isNotSaved(e) ? t('guest.notSaved') : errorText(t, e)),
      )
      .finally(() => setBusy(false));
  };

  // "On their way" only once a channel took the call (the webhook, or a staff screen showed it); the kiosk keeps it either way.
  const callStaff = (about: MethodInput<'callStaff'>) => {
    setScreen({ name: 'callTrying' });
    // A visitor who left the waiting screen meanwhile is not sent back to it.
    const answer = (next: Screen) => setScreen((current) => (current.name === 'callTrying' ? next : current));
    client.api.callStaff(about).then(
      (reply) => answer(reply.takenBy ? { name: 'staffCalled' } : { name: 'callUnanswered' }),
      () => answer({ name: 'callFailed' }),
    );
  };

  switch (screen.name) {
    case 'welcome':
      return (
        <WelcomeScreen
          info={info}
          readers={readers ?? []}
          onGuest={() => setScreen({ name: 'guest', from: null })}
          onTypeBadge={() => setScreen({ name: 'typeBadge' })}
          onShowPass={() => setScreen({ name: 'camera' })}
          onStaff={() => setScreen({ name: 'staffSignIn' })}
        />
      );
    case 'result': {
      const { checkOutTicket } = screen.result;
      if (checkOutTicket) return <CheckOutScreen key={checkOutTicket} client={client} result={{ ...screen.result, checkOutTicket }} onDone={home} />;
      return (
        <ResultScreen
          result={screen.result}
          badge={badgeOf(screen.result)}
          onDayPass={() => setScreen({ name: 'guest', from: screen.result })}
          onCallStaff={() => callStaff({ credential: screen.result.credential, ...(screen.result.member && { name: screen.result.member.name }) })}
          onDone={home}
        />
      );
    }
    case 'typeBadge':
      return (
        <>
          {error && (
            <p role="alert" className="banner">
              {error}
            </p>
          )}
          <TypeBadgeScreen onSubmit={(text) => checkin(text)} onCancel={home} />
        </>
      );
    case 'camera':
      return <CameraScreen onText={(text) => checkin(text)} onCancel={home} />;
    case 'guest':
      return (
        <GuestScreen
          info={info}
          {...(screen.from?.member && { initialName: screen.from.member.name })}
          busy={busy}
          error={error}
          onSubmit={buyDayPass}
          onCancel={home}
        />
      );
    case 'guestDone': {
      const badge = badgeOf(screen.pass);
      return (
        <MessageScreen
          tone="admitted"
          heading={t('guestDone.heading', { name: screen.pass.name })}
          lines={[
            ...(screen.pass.price && screen.pass.currency
              ? [t('guestDone.pay', { price: formatPrice(screen.pass.price, screen.pass.currency, i18n.language) })]
              : []),
            ...(badge ? [t(`badge.${badge}`)] : []),
          ]}
          {...(badge === 'failed' && { onCallStaff: () => callStaff({ name: screen.pass.name }) })}
          onDone={home}
        />
      );
    }
    case 'staffCalled':
      return <MessageScreen tone="neutral" heading={t('staffCalled')} lines={[]} onDone={home} />;
    case 'callTrying':
      return <MessageScreen tone="neutral" heading={t('callTrying')} lines={[]} onDone={home} />;
    case 'callUnanswered':
      return <MessageScreen tone="neutral" heading={t('callUnanswered.heading')} lines={[t('callUnanswered.next')]} onDone={home} />;
    case 'callFailed':
      return <MessageScreen tone="neutral" heading={t('callFailed')} lines={[]} onDone={home} />;
    case 'tapNotSaved':
      return <TapNotSavedScreen onCallStaff={() => callStaff({})} onDone={home} />;
    case 'staffSignIn':
      return (
        <StaffSignInScreen
          key={screen.chosen?.id ?? 'names'}
          chosen={screen.chosen}
          loadNames={loadStaffNames}
          onSignIn={signInWithPin}
          onSignedIn={openStaff}
          onCancel={home}
        />
      );
    case 'staff':
      return (
        <WedgeContext.Provider value={wedgeControl}>
          <StaffMode client={client} info={info} signedIn={screen.signedIn} onLock={lock} />
        </WedgeContext.Provider>
      );
    case 'exitKiosk':
      return <ExitKioskScreen onExit={(pin) => client.shell!.exitKiosk(pin)} onCancel={home} />;
  }
}
