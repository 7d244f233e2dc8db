import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckinResult } from '../../core/api/checkin';
import type { SignedIn } from '../../core/api/staff';
import { wedgeCredential } from '../../core/readers';
import type { KioskClient } from '../api-client';
import { errorText, isNotSaved } from '../error-message';
import { takesSharedTap, type Screen } from '../screens/kiosk-screen';
import { playCue } from '../sound';

interface Screens {
  screen: Screen;
  setScreen: (screen: Screen) => void;
  setError: (error: string | null) => void;
  openStaff: (signedIn: SignedIn) => void;
}

/**
 * Check-ins, from this screen's badge entry and from the readers whose taps it hears: the screen
 * each one takes the kiosk to. Returns the call that checks a typed or scanned badge in.
 */
export function useCheckins(client: KioskClient, { screen, setScreen, setError, openStaff }: Screens) {
  const { t } = useTranslation();
  // Read by the event listeners, which outlive a render.
  const staffOpen = useRef(false);
  const shown = useRef(screen);
  useLayoutEffect(() => {
    staffOpen.current = screen.name === 'staff';
    shown.current = screen;
  }, [screen]);
  // A tap by a reader that belongs to no screen leaves a visitor who is typing here alone (service/screen-routing.ts).
  const busyHere = (heard: { shared?: true }) => heard.shared === true && !takesSharedTap(shown.current);
  // A check-in typed or scanned at this screen arrives twice, as the call's reply and as the event
  // every screen hears: it is shown (and its tone played) once. The two are the same result.
  // A staff badge's ticket is remembered by itself: the event never carries the badge, so its reply must not be taken for it.
  const seen = useRef(new Set<string>());
  const remember = (key: string): boolean => {
    if (seen.current.has(key)) return false;
    seen.current.add(key);
    // The reply and its event come moments apart: the last few results are all there is to remember.
    if (seen.current.size > 16) seen.current.delete(seen.current.values().next().value!);
    return true;
  };

  /** `ownRead`: the reply to a badge typed or scanned at this screen, not an event every screen hears. */
  const show = useCallback(
    (result: CheckinResult, ownRead = false) => {
      if (busyHere(result)) return;
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
    [client, openStaff, setScreen],
  );

  useEffect(() => {
    const offCheckin = client.on('checkin', (result) => show(result));
    // A reader's tap the kiosk could not save: the visitor is asked to tap again (staff mode shows its own banner).
    const offNotSaved = client.on('tapNotSaved', (fault) => {
      if (staffOpen.current || busyHere(fault)) return;
      setScreen({ name: 'tapNotSaved' });
      setError(null);
      playCue('denied');
    });
    return () => {
      offCheckin();
      offNotSaved();
    };
  }, [client, show, setScreen, setError]);

  // A badge being checked in: the same one again before the answer (a double tap on Check in) is not sent twice.
  const inFlight = useRef(new Set<string>());
  return useCallback(
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
            setError(errorText(t, error));
          },
        )
        .finally(() => inFlight.current.delete(key));
    },
    [client, show, t, setScreen, setError],
  );
}
