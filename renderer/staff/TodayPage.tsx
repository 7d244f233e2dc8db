import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitView } from '../../core/api/desk';
import type { KioskClient } from '../api-client';
import { ReasonForm } from '../components/ReasonForm';
import { commonFailureKey, ScreenWords } from '../error-message';
import { useCall } from '../hooks/useCall';
import { useLiveList } from '../hooks/useLiveList';
import { printerText } from '../printer-words';
import { timeOf, type Place } from './format';
import { PaymentCell } from './PaymentCell';
import { usePrinterSet } from './usePrinterSet';
import { credentialWords, reasonWords } from './visit-words';

type Action = { type: 'override' | 'void'; visit: VisitView };

function matches(visit: VisitView, filter: string): boolean {
  const words = filter.trim().toLowerCase();
  return !words || [visit.name, visit.homeSpace, visit.credential?.value].some((field) => field?.toLowerCase().includes(words));
}

const openDenial = (visit: VisitView) => visit.decision === 'denied' && visit.overriddenAs === null && visit.voidedAt === null;
/** The service refuses to override a badge number that fits several members: staff pick the member by hand instead. */
const ambiguous = (visit: VisitView) => openDenial(visit) && visit.reason === 'ambiguous_credential';
const overridable = (visit: VisitView) => openDenial(visit) && visit.reason !== 'ambiguous_credential';
/** The number as read or typed, without its kind. */
const badgeNumberOf = (visit: VisitView) => visit.credential?.value ?? '';

const todaysVisits = (api: KioskClient['api']) => api.todaysVisits({});

/** Today's visits as they happen, with what staff may do to each: override a denial, void a mistake, reprint a badge. */
export function TodayPage(props: { client: KioskClient; place: Place; onCheckInByHand: (badgeNumber: string) => void }) {
  const { t, i18n } = useTranslation();
  const { client } = props;
  const { items: visits, setItems: setVisits, loadError, load } = useLiveList(client, todaysVisits);
  const [filter, setFilter] = useState('');
  const [action, setAction] = useState<Action | null>(null);
  /** What was just done, or a reprint that failed (a warning, not a success). */
  const [notice, setNotice] = useState<{ text: string; failed?: boolean } | null>(null);
  const { busy, error, run, setError } = useCall();
  const { printerSet, recheck } = usePrinterSet(client.api);

  // A badge's outcome changes one row, with why it did not print (stored with the visit too): no need to fetch the whole day again.
  useEffect(
    () =>
      client.on('badgeStatus', (badge) =>
        setVisits(
          (shown) =>
            shown?.map((visit) =>
              visit.id === badge.visitId ? { ...visit, badgeStatus: badge.status, badgeReason: badge.status === 'failed' ? badge.reason : null } : visit,
            ) ?? shown,
        ),
      ),
    [client, setVisits],
  );

  const nameOf = (visit: VisitView) => visit.name ?? t('today.unknownBadge');
  // A denial of someone admitted since (another tap, or an override of a later denial) has nothing left to override.
  const admitted = new Set(visits?.filter((v) => v.decision === 'admitted' && v.voidedAt === null && v.memberId !== null).map((v) => v.memberId));
  const stillDenied = (visit: VisitView) => overridable(visit) && !(visit.memberId !== null && admitted.has(visit.memberId));
  const open = (next: Action | null) => {
    setAction(next);
    setNotice(null);
    setError(null);
  };
  const finish = (message: string) => {
    setAction(null);
    setNotice({ text: message });
    load();
  };

  if (action?.type === 'override') {
    const { visit } = action;
    return (
      <ReasonForm
        heading={t('today.overrideHeading', { name: nameOf(visit) })}
        lines={[reasonWords(t, visit.reason, visit.homeSpace)]}
        submitLabel={t('today.overrideSubmit')}
        busy={busy}
        error={error}
        askName={visit.reason === 'unknown_credential' || visit.reason === 'pass_invalid'}
        onSubmit={(reason, name) =>
          run(
            () => client.api.overrideVisit({ visitId: visit.id, reason, ...(name && { guestName: name }) }),
            () => finish(t('today.overridden', { name: name || nameOf(visit) })),
          )
        }
        onCancel={() => open(null)}
      />
    );
  }
  if (action?.type === 'void') {
    const { visit } = action;
    return (
      <ReasonForm
        heading={t('today.voidHeading', { name: nameOf(visit) })}
        lines={[t('today.voidExplain')]}
        submitLabel={t('today.voidSubmit')}
        busy={busy}
        error={error}
        onSubmit={(reason) =>
          run(
            () => client.api.voidVisit({ visitId: visit.id, reason }),
            () => finish(t('today.voidDone', { name: nameOf(visit) })),
          )
        }
        onCancel={() => open(null)}
      />
    );
  }

  const reprint = (visit: VisitView) =>
    run(
      () =>
        client.api.reprintBadge({ visitId: visit.id }).catch(async (e: unknown) => {
          // The printer may have been unset since the page opened: say so in the desk's words, not the CLI's.
          if (commonFailureKey(e) || (await recheck()) !== false) throw e;
          throw new ScreenWords(t('today.noPrinter'));
        }),
      (outcome) =>
        setNotice({
          text: t(outcome.status === 'printed' ? 'today.printed' : 'today.notPrinted', { detail: printerText(t, outcome.reason) }),
          failed: outcome.status === 'failed',
        }),
    );

  const shown = visits?.filter((v) => matches(v, filter)) ?? [];
  return (
    <section aria-labelledby="today-heading">
      <div className="page-head">
        <h2 id="today-heading">{t('today.heading')}</h2>
        <label className="filter">
          {t('today.filter')}
          <input type="search" value={filter} autoComplete="off" spellCheck={false} onChange={(e) => setFilter(e.target.value)} />
        </label>
      </div>
      {printerSet === false && <p className="warning">{t('today.noPrinter')}</p>}
      {notice && (
        <p role="status" className={notice.failed ? 'warning' : 'notice'}>
          {notice.text}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {loadError && <p role="alert">{loadError}</p>}
      {visits === null && !loadError && <p>{t('staff.loading')}</p>}
      {visits?.length === 0 && <p>{t('today.empty')}</p>}
      {visits && visits.length > 0 && shown.length === 0 && <p>{t('today.noMatch')}</p>}
      {shown.length > 0 && (
        <table className="visits">
          <thead>
            <tr>
              <th scope="col">{t('today.time')}</th>
              <th scope="col">{t('today.name')}</th>
              <th scope="col">{t('today.space')}</th>
              <th scope="col">{t('today.kind')}</th>
              <th scope="col">{t('today.decision')}</th>
              <th scope="col">{t('today.badge')}</th>
              <th scope="col">{t('today.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((visit) => {
              const who = `visit-${visit.id}-name`;
              const voided = visit.voidedAt !== null;
              return (
                <tr key={visit.id} className={voided ? 'voided' : visit.decision}>
                  <td>{timeOf(visit.at, i18n.language, props.place)}</td>
                  <td id={who}>
                    <strong>{nameOf(visit)}</strong>
                    {visit.credential && <span className="credential">{credentialWords(t, visit.credential)}</span>}
                  </td>
                  <td>{visit.homeSpace ?? '—'}</td>
                  <td>
                    {visit.kind ? t(`kind.${visit.kind}`) : '—'}
                    {visit.payAtDesk && !voided && (
                      <PaymentCell api={client.api} visit={visit} describedBy={who} onPaid={(paid) => finish(t('presence.paidDone', { name: nameOf(paid) }))} />
                    )}
                  </td>
                  <td>
                    <span className={`decision-word ${visit.decision}`}>{t(`today.${visit.decision}`)}</span>
                    {visit.decision === 'denied' && <span className="why">{reasonWords(t, visit.reason, visit.homeSpace)}</span>}
                    {visit.overriddenAs !== null && <span className="mark">{t('today.overriddenAs', { id: visit.overriddenAs })}</span>}
                    {visit.overriddenBy !== null && (
                      <span className="mark">{t('today.admittedBy', { name: visit.overriddenBy, reason: visit.overrideReason ?? '' })}</span>
                    )}
                    {visit.checkedOutAt && <span className="mark">{t('presence.out', { time: timeOf(visit.checkedOutAt, i18n.language, props.place) })}</span>}
                    {voided && <span className="mark void">{t('today.voided', { reason: visit.voidReason ?? '' })}</span>}
                  </td>
                  <td>
                    {t(`badgeStatus.${visit.badgeStatus}`)}
                    {visit.badgeStatus === 'failed' && visit.badgeReason && <span className="why">{printerText(t, visit.badgeReason)}</span>}
                  </td>
                  <td className="actions-cell">
                    <div className="row-actions">
                      {stillDenied(visit) && (
                        <button type="button" aria-describedby={who} onClick={() => open({ type: 'override', visit })}>
                          {t('today.override')}
                        </button>
                      )}
                      {ambiguous(visit) && (
                        <>
                          <span className="why">{t('today.ambiguousHint')}</span>
                          <button type="button" aria-describedby={who} onClick={() => props.onCheckInByHand(badgeNumberOf(visit))}>
                            {t('today.pickByHand')}
                          </button>
                        </>
                      )}
                      {printerSet && visit.decision === 'admitted' && !voided && (
                        <button type="button" aria-describedby={who} disabled={busy} onClick={() => reprint(visit)}>
                          {t('today.reprint')}
                        </button>
                      )}
                      {!voided && (
                        <button type="button" aria-describedby={who} onClick={() => open({ type: 'void', visit })}>
                          {t('today.void')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
