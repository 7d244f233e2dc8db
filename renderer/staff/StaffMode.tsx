import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskInfo } from '../../core/api/kiosk-info';
import type { SignedIn } from '../../core/api/staff';
import type { KioskClient } from '../api-client';
import { DockedKeyboard } from '../components/DockedKeyboard';
import { useIdleReturn } from '../hooks/useIdleReturn';
import { AlliancePage } from '../manager/AlliancePage';
import { AuditPage } from '../manager/AuditPage';
import { ExportsPage } from '../manager/ExportsPage';
import { PrivacyPage } from '../manager/PrivacyPage';
import { SettingsPage } from '../manager/SettingsPage';
import { StaffAccountsPage } from '../manager/StaffAccountsPage';
import { DayPassPage } from './DayPassPage';
import { DevicesPage } from './DevicesPage';
import { ExpectedPage } from './ExpectedPage';
import { lockOnForbidden } from './guarded-client';
import { HelpCallBanner } from './HelpCallBanner';
import { ManualCheckinPage } from './ManualCheckinPage';
import { OnSitePage } from './OnSitePage';
import { TapNotSavedBanner } from './TapNotSavedBanner';
import { TodayPage } from './TodayPage';

const STAFF_PAGES = ['today', 'onSite', 'checkIn', 'dayPass', 'expected', 'devices'] as const;
const MANAGER_PAGES = ['exports', 'settings', 'accounts', 'privacy', 'audit', 'alliance'] as const;
type Page = (typeof STAFF_PAGES)[number] | (typeof MANAGER_PAGES)[number];

/**
 * The front desk's screens, behind a signed-in session: a header saying who is signed in, a
 * Lock button, and the pages their role allows (the service checks the role again on every call).
 */
export function StaffMode(props: { client: KioskClient; info: KioskInfo; signedIn: SignedIn; onLock: () => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState<Page>('today');
  const screen = useRef<HTMLDivElement>(null);
  /** A badge number that fits several members, taken from today's visits to the search of "Check in by hand". */
  const [badgeNumber, setBadgeNumber] = useState<string | undefined>(undefined);
  const show = (next: Page, number?: string) => {
    setBadgeNumber(number);
    setPage(next);
  };
  const client = useMemo(() => lockOnForbidden(props.client, props.onLock), [props.client, props.onLock]);
  useIdleReturn(true, props.signedIn.idleSeconds, props.onLock);
  const { staff } = props.signedIn;
  const manager = staff.role === 'manager';
  const pages: readonly Page[] = manager ? [...STAFF_PAGES, ...MANAGER_PAGES] : STAFF_PAGES;
  const place = { timeZone: props.info.space?.timezone, country: props.info.space?.country };

  const content = () => {
    switch (page) {
      case 'today':
        return <TodayPage client={client} place={place} onCheckInByHand={(number) => show('checkIn', number)} />;
      case 'onSite':
        return <OnSitePage client={client} place={place} spaceName={props.info.space?.name ?? null} />;
      case 'checkIn':
        return <ManualCheckinPage key={badgeNumber} api={client.api} badgeNumber={badgeNumber} />;
      case 'dayPass':
        return <DayPassPage api={client.api} info={props.info} />;
      case 'expected':
        return <ExpectedPage api={client.api} place={place} />;
      case 'devices':
        return <DevicesPage client={client} place={place} manager={manager} />;
      case 'exports':
        return <ExportsPage client={client} place={place} />;
      case 'settings':
        return <SettingsPage api={client.api} />;
      case 'accounts':
        return <StaffAccountsPage api={client.api} />;
      case 'privacy':
        return <PrivacyPage api={client.api} />;
      case 'audit':
        return <AuditPage api={client.api} place={place} />;
      case 'alliance':
        return <AlliancePage api={client.api} />;
    }
  };

  return (
    <div className="staff" ref={screen}>
      <header className="staff-header">
        <h1>{t('staff.header', { name: staff.name })}</h1>
        <button type="button" className="lock" onClick={props.onLock}>
          <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
            <rect x="4" y="11" width="16" height="10" rx="2" fill="currentColor" />
            <path d="M8 11V8a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" strokeWidth="2.5" />
          </svg>
          {t('staff.lock')}
        </button>
      </header>
      <HelpCallBanner client={props.client} place={place} />
      <TapNotSavedBanner client={props.client} place={place} />
      <nav className="staff-tabs" aria-label={t('staff.sections')}>
        {pages.map((p) => (
          <button
            key={p}
            type="button"
            className={p === MANAGER_PAGES[0] ? 'manager-start' : undefined}
            aria-current={page === p ? 'page' : undefined}
            onClick={() => show(p)}
          >
            {t(`staff.tabs.${p}`)}
          </button>
        ))}
      </nav>
      <main className="staff-page">{content()}</main>
      <DockedKeyboard within={screen} />
    </div>
  );
}
