import { useTranslation } from 'react-i18next';
import type { BadgeStatus } from '../../core/api/printer';
import type { CheckinResult } from '../../core/api/checkin';
import { DenialReason } from '../../core/vocabulary';
import { admittedAs, homeSpaceOf } from '../admitted-words';
import { QrCode } from '../components/QrCode';
import { formatPrice } from '../i18n';
import { isolated } from '../quoted';

function Admitted({ result }: { result: CheckinResult }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="verdict-icon" aria-hidden="true">
        ✓
      </div>
      <h1>{t(result.checkedOut ? 'presence.checkedOut' : result.checkedBackIn ? 'presence.back' : 'admitted.heading', { name: result.member?.name ?? '' })}</h1>
      <p>{admittedAs(t, result)}</p>
      {result.kind === 'visa' && result.visaDaysUsed !== null && (
        <p className="emphasis">{t('admitted.visaDay', { used: result.visaDaysUsed, allowed: result.visaDaysAllowed })}</p>
      )}
      {result.repeat && !result.checkedOut && !result.checkedBackIn && <p>{t('admitted.repeat')}</p>}
    </>
  );
}

/** A host asking for notice: how far ahead, in its own words too, and a QR that opens the announce page on the visitor's phone. */
function Notice({ notice }: { notice: NonNullable<CheckinResult['notice']> }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('denied.noticeHours', { count: notice.hours })}</p>
      {notice.notes && <p className="space-notes">{t('denied.noticeNotes', { notes: isolated(notice.notes) })}</p>}
      {notice.announceUrl && (
        <figure className="announce-qr">
          <QrCode text={notice.announceUrl} label={t('denied.announceQrLabel')} />
          <figcaption>{t('denied.announceQr')}</figcaption>
        </figure>
      )}
    </>
  );
}

function Denied({ result }: { result: CheckinResult }) {
  const { t } = useTranslation();
  const space = homeSpaceOf(result);
  const denial = DenialReason.safeParse(result.reason);
  const reason = denial.success ? denial.data : 'unknown_credential';
  return (
    <>
      <div className="verdict-icon" aria-hidden="true">
        ✕
      </div>
      <h1>{result.member ? `${t('denied.heading')}, ${result.member.name}` : t('denied.heading')}</h1>
      {reason === 'notice_required' && result.notice ? (
        <Notice notice={result.notice} />
      ) : (
        <p>{result.passFault === 'no_registry' ? t('denied.passNoRegistry') : t(`denied.${reason}`, { space, allowed: result.visaDaysAllowed ?? 0 })}</p>
      )}
      {(reason === 'unknown_credential' || reason === 'ambiguous_credential') && (
        <p className="badge-number">{t('denied.badgeNumber', { value: result.typed ?? result.credential.value })}</p>
      )}
      {/* A space that sells no day pass must not offer one. */}
      <p>{result.dayPass ? t('denied.next') : t('denied.askDesk')}</p>
    </>
  );
}

/** One decision, in plain words, and what to do next: shown within a frame of the read. */
export function ResultScreen(props: {
  result: CheckinResult;
  badge: BadgeStatus['status'] | null;
  onDayPass: () => void;
  onCallStaff: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { result } = props;
  const admitted = result.decision === 'admitted';
  return (
    <main className={`screen result ${admitted ? 'admitted' : 'denied'}`}>
      <section role="status" aria-live="assertive" className="verdict">
        {admitted ? <Admitted result={result} /> : <Denied result={result} />}
        {props.badge && <p className={`badge-line ${props.badge}`}>{t(`badge.${props.badge}`)}</p>}
      </section>
      <div className="actions">
        {!admitted && result.dayPass && (
          <button type="button" className="primary big" onClick={props.onDayPass}>
            {t('actions.buyDayPass', { price: formatPrice(result.dayPass.price, result.dayPass.currency, i18n.language) })}
          </button>
        )}
        {(!admitted || props.badge === 'failed') && (
          <button type="button" className="secondary big" onClick={props.onCallStaff}>
            {t('actions.callStaff')}
          </button>
        )}
        <button type="button" className="secondary" onClick={props.onDone}>
          {t('actions.done')}
        </button>
      </div>
    </main>
  );
}
