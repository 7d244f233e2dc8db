import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { StaffMember } from '../../core/api/staff';
import { ConfirmStep } from '../components/ConfirmStep';
import { errorText } from '../error-message';
import { useCall } from '../hooks/useCall';
import { AddStaffForm } from './AddStaffForm';

type Account = StaffMember & { hasBadge: boolean };

/** Who may sign in to staff mode: the list, a new account, and disabling one (after a confirmation). */
export function StaffAccountsPage({ api }: { api: KioskApi }) {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [disabling, setDisabling] = useState<Account | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run, setError } = useCall();

  const load = useCallback(() => {
    api.listStaff({}).then(setAccounts, (e: unknown) => setLoadError(errorText(t, e)));
  }, [api, t]);
  useEffect(load, [load]);

  const done = (message: string) => {
    setNotice(message);
    setDisabling(null);
    load();
  };

  if (disabling) {
    return (
      <ConfirmStep
        heading={t('accounts.confirmDisable', { name: disabling.name })}
        explain={t('accounts.confirmExplain')}
        confirmLabel={t('accounts.confirm')}
        busy={busy}
        error={error}
        onConfirm={() =>
          run(
            () => api.disableStaff({ id: disabling.id }),
            (member) => done(t('accounts.disabled', { name: member.name })),
          )
        }
        onCancel={() => {
          setDisabling(null);
          setError(null);
        }}
      />
    );
  }

  return (
    <section aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">{t('accounts.heading')}</h2>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {loadError && <p role="alert">{loadError}</p>}
      {accounts?.length === 0 && <p>{t('accounts.empty')}</p>}
      {accounts && accounts.length > 0 && (
        <table className="visits">
          <thead>
            <tr>
              <th scope="col">{t('accounts.name')}</th>
              <th scope="col">{t('accounts.role')}</th>
              <th scope="col">{t('accounts.badge')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('today.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id}>
                <td id={`staff-${account.id}`}>
                  <strong>{account.name}</strong>
                </td>
                <td>{t(`accounts.roles.${account.role}`)}</td>
                <td>{account.hasBadge ? t('accounts.hasBadge') : t('accounts.noBadge')}</td>
                <td className="actions-cell">
                  <div className="row-actions">
                    <button type="button" aria-describedby={`staff-${account.id}`} onClick={() => setDisabling(account)}>
                      {t('accounts.disable')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddStaffForm api={api} onAdded={(member) => done(t('accounts.added', { name: member.name }))} />
    </section>
  );
}
