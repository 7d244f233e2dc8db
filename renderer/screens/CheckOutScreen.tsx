import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckinResult } from '../../core/api/checkin';
import type { KioskClient } from '../api-client';
import { errorText } from '../error-message';
import { MessageScreen } from './MessageScreen';

type Step = { name: 'ask' } | { name: 'out' } | { name: 'stayed' } | { name: 'failed'; error: string };

/** A repeat tap by a visitor on site: "Check out?", Yes or No, each a large target; No leaves them checked in and says so. */
export function CheckOutScreen(props: { client: KioskClient; result: CheckinResult & { checkOutTicket: string }; onDone: () => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ name: 'ask' });
  const [busy, setBusy] = useState(false);
  const name = props.result.member?.name ?? '';
  const { client } = props;
  const { visitId } = props.result;

  // Checked out meanwhile (Yes on another screen showing the same question, or by staff): this screen says so rather than ask on.
  useEffect(
    () =>
      client.on('presence', (change) => {
        if (change.visitId === visitId && !change.onSite) setStep((now) => (now.name === 'out' ? now : { name: 'out' }));
      }),
    [client, visitId],
  );

  const yes = () => {
    setBusy(true);
    props.client.api
      .checkOut({ ticket: props.result.checkOutTicket })
      .then(
        () => setStep({ name: 'out' }),
        // Checked out meanwhile on another screen: the question it answers is spent, and "Goodbye" stays.
        (e: unknown) => setStep((now) => (now.name === 'out' ? now : { name: 'failed', error: errorText(t, e) })),
      )
      .finally(() => setBusy(false));
  };

  switch (step.name) {
    case 'out':
      return <MessageScreen tone="neutral" heading={t('presence.checkedOut', { name })} lines={[]} onDone={props.onDone} />;
    case 'stayed':
      return <MessageScreen tone="admitted" heading={t('presence.stayed', { name })} lines={[]} onDone={props.onDone} />;
    case 'failed':
      return <MessageScreen tone="neutral" heading={step.error} lines={[]} onDone={props.onDone} />;
    case 'ask':
      return (
        <main className="screen result check-out">
          <section role="status" aria-live="assertive" className="verdict">
            <h1>{t('presence.askHeading', { name })}</h1>
            <p>{t('presence.askLine')}</p>
          </section>
          <div className="actions answer">
            <button type="button" className="primary big" disabled={busy} onClick={yes}>
              {t('presence.yes')}
            </button>
            <button type="button" className="secondary big" disabled={busy} onClick={() => setStep({ name: 'stayed' })}>
              {t('presence.no')}
            </button>
          </div>
        </main>
      );
  }
}
