import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskCalls, OpenCall } from '../../core/api/desk-calls';
import type { KioskClient } from '../api-client';
import { errorText } from '../error-message';
import { playCue } from '../sound';
import { timeOf, type Place } from './format';
import { WebhookProblem } from './WebhookProblem';

/**
 * Visitors' calls for staff, kept by the kiosk until someone dismisses them: hard to miss,
 * whatever page staff are on, with a sound for each call this screen had not shown yet (also
 * those made before it opened). Showing a call tells the visitor's screen that help is coming.
 */
export function HelpCallBanner(props: { client: KioskClient; place: Place }) {
  const { t } = useTranslation();
  const [desk, setDesk] = useState<DeskCalls | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = useRef(new Set<string>());

  const { client } = props;
  useEffect(() => {
    let live = true;
    const show = (next: DeskCalls) => {
      if (!live) return;
      setDesk(next);
      const fresh = next.calls.filter((call) => !shown.current.has(call.id));
      fresh.forEach((call) => shown.current.add(call.id));
      if (fresh.length > 0) playCue('call');
      const unheard = next.calls.filter((call) => call.heardAt === null).map((call) => call.id);
      if (unheard.length > 0) client.api.showingCalls({ ids: unheard.slice(0, 100) }).catch(() => undefined);
    };
    const off = client.on('deskCalls', show);
    client.api.deskCalls({}).then(show, () => undefined);
    return () => {
      live = false;
      off();
    };
  }, [client]);

  const dismiss = (call: OpenCall) => {
    setError(null);
    client.api.dismissCall({ id: call.id }).then(setDesk, (e: unknown) => setError(errorText(t, e)));
  };

  if (!desk) return null;
  return (
    <>
      {desk.calls.length > 0 && (
        <section className="help-call" role="alert" aria-label={t('help.heading')}>
          <h2>{t('help.heading')}</h2>
          <ul className="help-calls">
            {desk.calls.map((call) => (
              <CallLine key={call.id} call={call} place={props.place} onDismiss={() => dismiss(call)} />
            ))}
          </ul>
          {error && <p role="status">{error}</p>}
        </section>
      )}
      {desk.webhook?.failure && <WebhookProblem webhook={desk.webhook} place={props.place} />}
    </>
  );
}

function CallLine(props: { call: OpenCall; place: Place; onDismiss: () => void }) {
  const { t, i18n } = useTranslation();
  const { call } = props;
  const time = timeOf(call.at, i18n.language, props.place);
  return (
    <li>
      <p>{[call.name, call.credential && t('help.badge', { value: call.credential.value }), t('help.at', { time })].filter(Boolean).join(' · ')}</p>
      <button type="button" className="secondary" aria-label={t('help.dismissCall', { time })} onClick={props.onDismiss}>
        {t('help.dismiss')}
      </button>
    </li>
  );
}
