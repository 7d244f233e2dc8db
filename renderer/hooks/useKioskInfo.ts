import { useEffect, useState } from 'react';
import type { i18n as I18n } from 'i18next';
import type { KioskInfo } from '../../core/api/kiosk-info';
import type { KioskClient } from '../api-client';
import { LANGUAGES, type Language } from '../i18n';

/** What the kiosk needs to know about its space, asked again every second until the service answers. */
export function useKioskInfo(client: KioskClient, i18n: I18n): { info: KioskInfo | null; unreachable: boolean } {
  const [info, setInfo] = useState<KioskInfo | null>(null);
  const [unreachable, setUnreachable] = useState(false);
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
  return { info, unreachable };
}
