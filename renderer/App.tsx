import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { KioskClient } from './api-client';
import { StorageBanner } from './components/StorageBanner';
import { useKioskInfo } from './hooks/useKioskInfo';
import { createI18n } from './i18n';
import { Kiosk } from './Kiosk';
import { BadScreenNameScreen } from './screens/BadScreenNameScreen';
import { UnreachableScreen } from './screens/UnreachableScreen';

/** Loads what the kiosk needs to know about its space, then shows the visitor screens. */
export function App({ client }: { client: KioskClient }) {
  const [i18n] = useState(() => createI18n());
  const { info, unreachable } = useKioskInfo(client, i18n);
  return (
    <I18nextProvider i18n={i18n}>
      {client.badScreenName !== undefined ? (
        <BadScreenNameScreen name={client.badScreenName} />
      ) : info ? (
        <>
          <StorageBanner client={client} initial={info.storage} />
          <Kiosk client={client} info={info} />
        </>
      ) : unreachable ? (
        <UnreachableScreen />
      ) : (
        <main className="screen welcome" aria-busy="true" />
      )}
    </I18nextProvider>
  );
}
