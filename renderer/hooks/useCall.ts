import { useCallback, useState } from 'react';
import { messageOf } from '../error-message';

/** One call at a time from a page: busy while it runs, and the service's refusal kept to show beside it. */
export function useCall() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(<T>(call: () => Promise<T>, done: (result: T) => void) => {
    setBusy(true);
    setError(null);
    call()
      .then(done, (e: unknown) => setError(messageOf(e)))
      .finally(() => setBusy(false));
  }, []);
  return { busy, error, run, setError };
}
