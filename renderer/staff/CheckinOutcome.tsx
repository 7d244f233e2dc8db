import { useTranslation } from 'react-i18next';
import type { CheckinResult } from '../../core/api/checkin';
import { admittedAs, homeSpaceOf } from '../admitted-words';
import { reasonWords } from './visit-words';

/** What the service decided for a member checked in by hand, in the words the visitor screen uses. */
export function CheckinOutcome({ name, result }: { name: string; result: CheckinResult }) {
  const { t } = useTranslation();
  const space = homeSpaceOf(result);
  if (result.decision === 'denied') {
    return (
      <div className="outcome denied" role="status">
        <h2>{t('manual.denied', { name })}</h2>
        <p>{reasonWords(t, result.reason ?? 'unknown_credential', space)}</p>
      </div>
    );
  }
  return (
    <div className="outcome admitted" role="status">
      <h2>{t('manual.admitted', { name })}</h2>
      <p>{admittedAs(t, result)}</p>
      {result.kind === 'visa' && result.visaDaysUsed !== null && <p>{t('admitted.visaDay', { used: result.visaDaysUsed, allowed: result.visaDaysAllowed })}</p>}
      {result.repeat && <p>{t('manual.repeat')}</p>}
    </div>
  );
}
