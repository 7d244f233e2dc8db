import { useEffect, useState, type FormEvent } from 'react';
import type { CheckinResult, KioskInfo } from '../core/api';
import { REASON_TEXT } from '../core/reason-text';
import type { KioskClient } from './api-client';

function Result({ result }: { result: CheckinResult }) {
  const admitted = result.decision === 'admitted';
  const name = result.member?.name ?? `Badge ${result.credential.value}`;
  return (
    <section className={`result ${admitted ? 'admitted' : 'denied'}`} role="status" aria-live="assertive">
      <p className="verdict">{admitted ? 'Welcome' : 'Sorry'}</p>
      <h2>{name}</h2>
      <p>{result.reason ? REASON_TEXT[result.reason] : ''}</p>
      {admitted && result.visaDaysUsed !== null && (
        <p>
          Visa day {result.visaDaysUsed} of {result.visaDaysAllowed} this month
        </p>
      )}
      {result.dayPass && (
        <p>
          A day pass costs {result.dayPass.price} {result.dayPass.currency}
        </p>
      )}
    </section>
  );
}

export function App({ client }: { client: KioskClient }) {
  const [info, setInfo] = useState<KioskInfo | null>(null);
  const [result, setResult] = useState<CheckinResult | null>(null);
  const [badge, setBadge] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void client.api.kioskInfo({}).then(setInfo, (e: Error) => setError(e.message));
    return client.on('checkin', setResult);
  }, [client]);

  useEffect(() => {
    if (!result || !info) return;
    const timer = setTimeout(() => setResult(null), info.idleSeconds * 1000);
    return () => clearTimeout(timer);
  }, [result, info]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    client.api.checkin({ credential: badge }).then(
      (r) => {
        setResult(r);
        setBadge('');
      },
      (e: Error) => setError(e.message),
    );
  };

  return (
    <main className="kiosk">
      <header>
        <h1>{info?.space?.name ?? 'Visa Kiosk'}</h1>
        {info?.space && <p>{info.space.city}</p>}
      </header>
      {result ? (
        <Result result={result} />
      ) : (
        <section className="welcome">
          <p className="prompt">Tap your badge or scan your pass</p>
          <form onSubmit={submit}>
            <label htmlFor="badge">Badge number</label>
            <input id="badge" value={badge} onChange={(e) => setBadge(e.target.value)} autoComplete="off" />
            <button type="submit" disabled={badge.trim() === ''}>
              Check in
            </button>
          </form>
          {error && <p role="alert">{error}</p>}
        </section>
      )}
    </main>
  );
}
