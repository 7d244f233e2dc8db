import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { MethodInput } from '../core/api';
import type { BadgeStatus } from '../core/api/printer';
import type { CheckinResult, DayPassResult } from '../core/api/checkin';
import type { KioskInfo } from '../core/api/kiosk-info';
import type { SignedIn, SignInReply, StaffName } from '../core/api/staff';
import { wedgeCredential } from '../core/readers';
import type { KioskClient } from './api-client';
import { errorText, isNotSaved, isOffline, isRateLimited } from './error-message';
import { useIdleReturn } from './hooks/useIdleReturn';
import { useKeyboardWedge } from './hooks/useKeyboardWedge';
import { WedgeContext } from './hooks/wedge-control';
import { useReaderStatuses } from './hooks/useReaderStatuses';
import { createI18n, formatPrice, LANGUAGES, type Language } from './i18n';
import { ExitKioskScreen } from './screens/ExitKioskScreen';
import { GuestScreen, type GuestDetails } from './screens/GuestScreen';
import { dayPassInput } from './components/GuestForm';
import { StorageBanner } from './components/StorageBanner';
import { MessageScreen } from './screens/MessageScreen';
import { ResultScreen } from './screens/ResultScreen';
import { StaffSignInScreen } from './screens/StaffSignInScreen';
import { TapNotSavedScreen } from './screens/TapNotSavedScreen';
import { TypeBadgeScreen } from './screens/TypeBadgeScreen';
import { WelcomeScreen } from './screens/WelcomeScreen';
import { playCue } from './sound';
import { StaffMode } from './staff/StaffMode';

type Screen =
  | { name: 'welcome' }
  | { name: 'result'; result: CheckinResult }
  | { name: 'typeBadge' }
  | { name: 'guest'; from: CheckinResult | null }
  | { name: 'guestDone'; pass: DayPassResult }
  | { name: 'staffCalled' }
  | { name: 'callFailed' }
  | { name: 'tapNotSaved' }
  | { name: 'exitKiosk' }
  | { name: 'staffSignIn'; chosen?: StaffName }
  | { name: 'staff'; signedIn: SignedIn };

const WELCOME: Screen = { name: 'welcome' };

function Kiosk({ client, info }: { client: KioskClient; info: KioskInfo }) {
  const { t, i18n } = useTranslation();
  const [screen, setScreen] = useState<Screen>(WELCOME);
  const { readers } = useReaderStatuses(client);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The latest word on each badge being printed, by visit: the screen showing that visit says it.
  const [badges, setBadges] = useState<Record<number, BadgeStatus['status']>>({});

  const home = useCallback(() => {
    setScreen(WELCOME);
    setError(null);
    setBusy(false);
    void i18n.changeLanguage(info.language);
  }, [i18n, info.language]);

  // Read by the event listeners, which outlive a render.
  const staffOpen = useRef(false);
  useLayoutEffect(() => {
    staffOpen.current = screen.name === 'staff';
  }, [screen.name]);
  // A check-in typed or scanned at this screen arrives twice, as the call's reply and as the event
  // every screen hears: it is shown (and its tone played) once. The two are the same result.
  // A staff badge's ticket is remembered by itself: the event never carries the badge, so its reply must not be taken for it.
  const shown = useRef(new Set<string>());
  const remember = (key: string): boolean => {
    if (shown.current.has(key)) return false;
    shown.current.add(key);
    // The reply and its event come moments apart: the last few results are all there is to remember.
    if (shown.current.size > 16) shown.current.delete(shown.current.values().next().value!);
    return true;
  };

  const openStaff = useCallback((signedIn: SignedIn) => {
    setScreen({ name: 'staff', signedIn });
    setError(null);
  }, []);

  const loadStaffNames = useCallback(() => client.api.staffNames({}), [client]);
  const signInWithPin = useCallback((staffId: number, pin: string): Promise<SignInReply> => client.api.signIn({ staffId, pin }), [client]);

  const lock = useCallback(() => {
    // Locking must not wait for the service: the screen goes back to visitors at once.
    client.api.signOut({}).catch(() => undefined);
    home();
  }, [client, home]);

  /** `ownRead`: the reply to a badge typed or scanned at this screen, not an event every screen hears. */
  const show = useCallback(
    (result: CheckinResult, ownRead = false) => {
      if (result.decision === 'staff') {
        if (staffOpen.current) return;
        const ticket = result.staffTicket;
        // Another screen may have redeemed the same read first: this one then stays as it is.
        if (ticket && remember(`ticket ${ticket}`))
          client.api.signIn({ ticket }).then(
            (reply) => 'staff' in reply && openStaff(reply),
            () => undefined,
          );
        // A staff badge typed at a screen away from the kiosk only names its account: the PIN is asked for.
        else if (!ticket && ownRead && result.staff) setScreen({ name: 'staffSignIn', chosen: { id: result.staff.id, name: result.staff.name } });
        return;
      }
      if (!remember(`${result.at} ${result.credential.kind}:${result.credential.value}`)) return;
      // At the desk, a visitor's tap shows in today's list rather than taking the screen over.
      if (staffOpen.current) return;
      setScreen({ name: 'result', result });
      playCue(result.decision === 'admitted' ? 'admitted' : 'denied');
    },
    [client, openStaff],
  );

  useEffect(() => {
    const offCheckin = client.on('checkin', (result) => show(result));
    const offBadge = client.on('badgeStatus', (status) => setBadges((all) => ({ ...all, [status.visitId]: status.status })));
    // A reader's tap the kiosk could not save: the visitor is asked to tap again (staff mode shows its own banner).
    const offNotSaved = client.on('tapNotSaved', () => {
      if (staffOpen.current) return;
      setScreen({ name: 'tapNotSaved' });
      setError(null);
      playCue('denied');
    });
    return () => {
      offCheckin();
      offBadge();
      offNotSaved();
    };
  }, [client, show]);

  useEffect(() => client.shell?.onExitRequested(() => setScreen({ name: 'exitKiosk' })), [client]);

  // A badge being checked in: the same one again before the answer (a double tap on Check in) is not sent twice.
  const inFlight = useRef(new Set<string>());
  const checkin = useCallback(
    (credential: string, how: ReturnType<typeof wedgeCredential> = {}) => {
      const key = credential.trim();
      if (inFlight.current.has(key)) return;
      inFlight.current.add(key);
      client.api
        .checkin({ credential, ...how })
        .then(
          (result) => show(result, true),
          (error: unknown) => {
            if (staffOpen.current) return;
            // A badge typed or scanned while the database cannot save gets the same screen as a reader's tap.
            if (isNotSaved(error)) {
              setScreen({ name: 'tapNotSaved' });
              return;
            }
            setScreen({ name: 'typeBadge' });
            setError(t(isOffline(error) ? 'offline' : isRateLimited(error) ? 'tooManyTaps' : 'error'));
          },
        )
        .finally(() => inFlight.current.delete(key));
    },
    [client, show, t],
  );
  // A typed badge number is guessed at; a reader's own keystrokes are read as the kiosk.wedgeForm setting says.
  const wedgeRead = useCallback((text: string) => checkin(text, wedgeCredential(info.wedgeForm)), [checkin, info.wedgeForm]);
  // The Devices page may learn a new limit from a scan: the kiosk stops listening meanwhile, and takes the new limit at once.
  const [wedgeGapMs, setWedgeGapMs] = useState(info.wedgeGapMs);
  const [learning, setLearning] = useState(false);
  useKeyboardWedge(wedgeRead, { gapMs: wedgeGapMs, enabled: !learning });
  const wedgeControl = useMemo(() => ({ gapMs: wedgeGapMs, setGapMs: setWedgeGapMs, setLearning }), [wedgeGapMs]);
  // Staff mode keeps its own, longer, idle lock. The welcome screen in a visitor's language goes back to the kiosk's for the next one.
  const idleHere = screen.name === 'welcome' ? i18n.language !== info.language : screen.name !== 'staff';
  useIdleReturn(idleHere, info.idleSeconds, home);

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

  // "On their way" only once the desk has heard it.
  const callStaff = (about: MethodInput<'callStaff'>) => {
    client.api.callStaff(about).then(
      () => setScreen({ name: 'staffCalled' }),
      () => setScreen({ name: 'callFailed' }),
    );
  };

  const badgeOf = (visit: { visitId: number | null; badge?: 'pending' }) =>
    visit.visitId !== null && visit.badge ? (badges[visit.visitId] ?? visit.badge) : null;

  switch (screen.name) {
    case 'welcome':
      return (
        <WelcomeScreen
          info={info}
          readers={readers ?? []}
          onGuest={() => setScreen({ name: 'guest', from: null })}
          onTypeBadge={() => setScreen({ name: 'typeBadge' })}
          onStaff={() => setScreen({ name: 'staffSignIn' })}
        />
      );
    case 'result':
      return (
        <ResultScreen
          result={screen.result}
          badge={badgeOf(screen.result)}
          onDayPass={() => setScreen({ name: 'guest', from: screen.result })}
          onCallStaff={() => callStaff({ credential: screen.result.credential, ...(screen.result.member && { name: screen.result.member.name }) })}
          onDone={home}
        />
      );
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

/** What a page that cannot load its kiosk shows, instead of a blank screen, while it keeps asking. */
function Unreachable() {
  const { t } = useTranslation();
  return (
    <main className="screen result neutral">
      <section role="alert" className="verdict">
        <h1>{t('unreachable.heading')}</h1>
        <p>{t('unreachable.retrying')}</p>
        <p>{t('unreachable.paired')}</p>
      </section>
    </main>
  );
}

/** Loads what the kiosk needs to know about its space, then shows the visitor screens. */
export function App({ client }: { client: KioskClient }) {
  const [info, setInfo] = useState<KioskInfo | null>(null);
  const [unreachable, setUnreachable] = useState(false);
  const [i18n] = useState(() => createI18n());
  useEffect(() => {
    let retry: ReturnType<typeof setTimeout> | undefined;
    // The page can load before its service answers (browser mode, a service restarting): it asks again.
    const load = () =>
      client.api.kioskInfo({}).then(
        (loaded) => {
          const language = (LANGUAGES as readonly string[]).includes(loaded.language) ? (loaded.language as Language) : 'en';
          void i18n.changeLanguage(language);
          setInfo({ ...loaded, language });
        },
        () => {
          setUnreachable(true);
          retry = setTimeout(() => void load(), 1000);
        },
      );
    void load();
    return () => clearTimeout(retry);
  }, [client, i18n]);
  return (
    <I18nextProvider i18n={i18n}>
      {info ? (
        <>
          <StorageBanner client={client} initial={info.storage} />
          <Kiosk client={client} info={info} />
        </>
      ) : unreachable ? (
        <Unreachable />
      ) : (
        <main className="screen welcome" aria-busy="true" />
      )}
    </I18nextProvider>
  );
}
