import { useTranslation } from 'react-i18next';
import type { KioskInfo } from '../../core/api/kiosk-info';
import type { ReaderStatus } from '../../core/readers';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { noReaderWorking, ReaderHealth } from '../components/ReaderHealth';

export function WelcomeScreen(props: {
  info: KioskInfo;
  readers: ReaderStatus[];
  onGuest: () => void;
  onTypeBadge: () => void;
  onShowPass: () => void;
  onStaff: () => void;
}) {
  const { t } = useTranslation();
  const { info } = props;
  // With no reader to tap, the big line and the biggest button say what does work.
  const typeInstead = noReaderWorking(props.readers);
  return (
    <main className="screen welcome">
      <header>
        <h1>{info.space?.name ?? 'Visa Kiosk'}</h1>
        {info.space && <p className="city">{info.space.city}</p>}
      </header>
      <div className="badge-target" aria-hidden="true">
        <svg viewBox="0 0 64 64" width="120" height="120">
          <rect x="14" y="8" width="36" height="48" rx="6" fill="none" stroke="currentColor" strokeWidth="4" />
          <path d="M24 24a12 12 0 0 1 16 0M20 18a18 18 0 0 1 24 0" fill="none" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
        </svg>
      </div>
      <p className="prompt">{t(typeInstead ? 'welcome.promptTypeBadge' : 'welcome.prompt')}</p>
      {typeInstead && (
        <button type="button" className="primary big" onClick={props.onTypeBadge}>
          {t('welcome.typeBadge')}
        </button>
      )}
      {info.dayPass && (
        <button type="button" className={typeInstead ? 'secondary big' : 'primary big'} onClick={props.onGuest}>
          {t('welcome.guest')}
        </button>
      )}
      <button type="button" className="secondary big" onClick={props.onShowPass}>
        {t('welcome.showPass')}
      </button>
      {!typeInstead && (
        <button type="button" className="link" onClick={props.onTypeBadge}>
          {t('welcome.typeBadge')}
        </button>
      )}
      <footer>
        <LanguageSwitch />
        <ReaderHealth readers={props.readers} />
      </footer>
      {/* Out of the visitor's way, but still a full-size touch target. */}
      <button type="button" className="staff-entry" onClick={props.onStaff}>
        {t('welcome.staff')}
      </button>
    </main>
  );
}
