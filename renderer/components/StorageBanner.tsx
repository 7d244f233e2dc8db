import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StorageProblem } from '../../core/api/kiosk-info';
import type { KioskClient } from '../api-client';

/**
 * The kiosk's own files are faulty (the database deleted or replaced, the visit log or the list
 * damaged): said on every screen, visitor and staff alike, for as long as it lasts. The kiosk's
 * own line, which names files and commands, is folded away for staff.
 */
export function StorageBanner(props: { client: KioskClient; initial: StorageProblem[] }) {
  const { t } = useTranslation();
  const [problems, setProblems] = useState(props.initial);
  useEffect(() => props.client.on('storage', setProblems), [props.client]);
  if (problems.length === 0) return null;
  return (
    <section className="help-call not-saved storage-problem" role="alert">
      <div>
        <h2>{t('storage.heading')}</h2>
        {problems.map((problem) => (
          <div key={problem.kind}>
            <p>{t(`storage.${problem.kind}`)}</p>
            <details>
              <summary>{t('storage.forStaff')}</summary>
              <p>{problem.message}</p>
            </details>
          </div>
        ))}
      </div>
    </section>
  );
}
