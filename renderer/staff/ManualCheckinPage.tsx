import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { CheckinResult } from '../../core/api/checkin';
import type { MemberMatch } from '../../core/api/desk';
import { MemberSearch } from '../components/MemberSearch';
import { ReasonForm } from '../components/ReasonForm';
import { useCall } from '../hooks/useCall';
import { CheckinOutcome } from './CheckinOutcome';
import { reasonWords } from './visit-words';

type Step = { name: 'search' } | { name: 'outcome' | 'admit'; member: MemberMatch; result: CheckinResult };

/** A member without their badge (or whose badge number fits several): found by name, checked in; a denial may be overridden with a reason. */
export function ManualCheckinPage({ api, badgeNumber }: { api: KioskApi; badgeNumber?: string }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ name: 'search' });
  const { busy, error, run, setError } = useCall();

  const checkIn = (member: MemberMatch, overrideReason?: string) =>
    run(
      () => api.checkinMember({ memberId: member.id, ...(overrideReason && { overrideReason }) }),
      (result) => setStep({ name: 'outcome', member, result }),
    );
  const restart = () => {
    setStep({ name: 'search' });
    setError(null);
  };

  if (step.name === 'admit') {
    return (
      <ReasonForm
        heading={t('manual.admitHeading', { name: step.member.name })}
        lines={[reasonWords(t, step.result.reason ?? 'unknown_credential', step.member.spaceName ?? step.member.space)]}
        submitLabel={t('today.overrideSubmit')}
        busy={busy}
        error={error}
        onSubmit={(reason) => checkIn(step.member, reason)}
        onCancel={() => setStep({ ...step, name: 'outcome' })}
      />
    );
  }
  if (step.name === 'outcome') {
    return (
      <section className="decision">
        <CheckinOutcome name={step.member.name} result={step.result} />
        <div className="actions">
          {step.result.decision === 'denied' && (
            <button type="button" className="primary" onClick={() => setStep({ ...step, name: 'admit' })}>
              {t('manual.admitAnyway')}
            </button>
          )}
          <button type="button" className="secondary" onClick={restart}>
            {t('manual.another')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <section aria-labelledby="manual-heading">
      <h2 id="manual-heading">{t('manual.heading')}</h2>
      {error && <p role="alert">{error}</p>}
      <MemberSearch api={api} initialQuery={badgeNumber} onPick={(member) => !busy && checkIn(member)} />
    </section>
  );
}
