import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../error-message';

/**
 * One call at a time from a page: busy while it runs, and the service's refusal kept to show
 * beside it, in the screen's own language.
 */
export function useCall() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    <T>(call: () => Promise<T>, done: (result: T) => void) => {
      setBusy(true);
      setError(null);
      call()
        .then(done, (e: unknown) => setError(errorText(t, e)))
        .finally(() => setBusy(false));
    },
    [t],
  );
  return { busy, error, run, setError };
}
