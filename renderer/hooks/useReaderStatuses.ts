import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReaderStatus } from '../../core/readers';
import type { KioskClient } from '../api-client';
import { errorText } from '../error-message';

/** Each badge reader's state, kept up to date as readers report; null until the service answers. */
export function useReaderStatuses(client: KioskClient): { readers: ReaderStatus[] | null; error: string | null } {
  const [readers, setReaders] = useState<ReaderStatus[] | null>(null);
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.api.readerStatuses({}).then(setReaders, (e: unknown) => setError(errorText(t, e)));
    return client.on('readerStatus', (status) => setReaders((all) => [...(all ?? []).filter((r) => r.readerId !== status.readerId), status]));
  }, [client, t]);
  return { readers, error };
}
