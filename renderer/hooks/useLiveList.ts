import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../api-client';
import { errorText } from '../error-message';

/**
 * A list the kiosk answers `ask` with, asked again whenever someone checks in or out while the
 * page shows it; `load` asks again after the page's own actions. `ask` must keep its identity
 * (declare it outside the component).
 */
export function useLiveList<T>(client: KioskClient, ask: (api: KioskClient['api']) => Promise<T[]>) {
  const { t } = useTranslation();
  const [items, setItems] = useState<T[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const latest = useRef(0);

  const load = useCallback(() => {
    // Only the newest answer may fill the list: an older one arriving late would undo a check-in or bring back someone who left.
    const asked = ++latest.current;
    ask(client.api).then(
      (now) => {
        if (asked !== latest.current) return;
        setItems(now);
        setLoadError(null);
      },
      (e: unknown) => {
        if (asked === latest.current) setLoadError(errorText(t, e));
      },
    );
  }, [client, ask, t]);

  useEffect(() => {
    load();
    const offCheckin = client.on('checkin', load);
    const offPresence = client.on('presence', load);
    return () => {
      offCheckin();
      offPresence();
    };
  }, [client, load]);

  return { items, setItems, loadError, load };
}
