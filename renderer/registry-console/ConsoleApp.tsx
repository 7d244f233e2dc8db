import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './api';
import { ChangesPage } from './ChangesPage';
import { LANGUAGES, useWords, type Language } from './i18n';
import { KiosksPage } from './KiosksPage';
import { PublicationsPage } from './PublicationsPage';
import { SignIn } from './SignIn';
import { SpacesPage } from './SpacesPage';

const SECTIONS = ['spaces', 'changes', 'publications', 'kiosks'] as const;
type Section = (typeof SECTIONS)[number];

type Session = { state: 'checking' } | { state: 'out'; ended: boolean } | { state: 'in'; alliance: string };

function LanguagePicker() {
  const { t, i18n } = useWords();
  return (
    <div className="language">
      <label htmlFor="language">{t('language.label')}</label>
      <select id="language" value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
        {LANGUAGES.map((language: Language) => (
          <option key={language} value={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The coordinator console: sign in, then spaces, the change log, publications and kiosks. */
export function ConsoleApp() {
  const { t } = useWords();
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [section, setSection] = useState<Section>('spaces');

  useEffect(() => {
    api<{ alliance: string }>('GET', 'session').then(
      ({ alliance }) => setSession({ state: 'in', alliance }),
      () => setSession({ state: 'out', ended: false }),
    );
  }, []);

  // Any answer saying the session is over brings the sign-in back, saying why.
  const onRefused = useCallback((error: unknown) => {
    if (error instanceof ApiError && error.code === 'signed_out') setSession({ state: 'out', ended: true });
  }, []);

  const signOut = async () => {
    await api('POST', 'sign-out').catch(() => undefined);
    setSession({ state: 'out', ended: false });
  };

  if (session.state === 'checking') return <p className="loading">{t('loading')}</p>;
  if (session.state === 'out')
    return (
      <>
        <header className="bar">
          <span className="title">{t('title')}</span>
          <LanguagePicker />
        </header>
        {session.ended && (
          <p role="status" className="notice">
            {t('errors.signedOut')}
          </p>
        )}
        <SignIn
          onSignedIn={(alliance) => {
            setSession({ state: 'in', alliance });
            setSection('spaces');
          }}
        />
      </>
    );

  const Page = { spaces: SpacesPage, changes: ChangesPage, publications: PublicationsPage, kiosks: KiosksPage }[section];
  return (
    <>
      <header className="bar">
        <span className="title">
          {t('title')} · {session.alliance}
        </span>
        <nav aria-label={t('nav.label')}>
          {SECTIONS.map((name) => (
            <button key={name} type="button" aria-current={section === name ? 'page' : undefined} onClick={() => setSection(name)}>
              {t(`nav.${name}`)}
            </button>
          ))}
        </nav>
        <LanguagePicker />
        <button type="button" onClick={() => void signOut()}>
          {t('nav.signOut')}
        </button>
      </header>
      <Page onRefused={onRefused} />
    </>
  );
}
