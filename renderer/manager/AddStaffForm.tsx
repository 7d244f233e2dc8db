import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { StaffMember } from '../../core/api/staff';
import { useCall } from '../hooks/useCall';

const BLANK = { name: '', role: 'staff' as StaffMember['role'], pin: '', pinAgain: '', badge: '' };

/** A new staff account: the PIN typed twice so a slip of the finger does not lock someone out. */
export function AddStaffForm(props: { api: KioskApi; onAdded: (member: StaffMember) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(BLANK);
  const [pinsDiffer, setPinsDiffer] = useState(false);
  const { busy, error, run } = useCall();
  const set = (change: Partial<typeof BLANK>) => setForm((f) => ({ ...f, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPinsDiffer(form.pin !== form.pinAgain);
    if (form.pin !== form.pinAgain) return;
    run(
      () => props.api.addStaff({ name: form.name, role: form.role, pin: form.pin, ...(form.badge.trim() && { badge: form.badge.trim() }) }),
      (member) => {
        setForm(BLANK);
        props.onAdded(member);
      },
    );
  };

  return (
    <form className="settings-form" aria-labelledby="add-staff-heading" onSubmit={submit} noValidate>
      <h3 id="add-staff-heading">{t('accounts.add')}</h3>
      <label>
        {t('accounts.name')}
        <input value={form.name} required autoComplete="off" spellCheck={false} onChange={(e) => set({ name: e.target.value })} />
      </label>
      <label>
        {t('accounts.role')}
        <select value={form.role} onChange={(e) => set({ role: e.target.value === 'manager' ? 'manager' : 'staff' })}>
          <option value="staff">{t('accounts.roles.staff')}</option>
          <option value="manager">{t('accounts.roles.manager')}</option>
        </select>
      </label>
      <label>
        {t('accounts.pin')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          pattern="\d{4,12}"
          required
          value={form.pin}
          onChange={(e) => set({ pin: e.target.value })}
        />
      </label>
      <label>
        {t('accounts.pinAgain')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          required
          aria-invalid={pinsDiffer}
          aria-describedby={pinsDiffer ? 'add-staff-pins-differ' : undefined}
          value={form.pinAgain}
          onChange={(e) => set({ pinAgain: e.target.value })}
        />
      </label>
      <label>
        {t('accounts.badgeNumber')}
        <input value={form.badge} autoComplete="off" spellCheck={false} onChange={(e) => set({ badge: e.target.value })} />
      </label>
      {pinsDiffer && (
        <p id="add-staff-pins-differ" role="alert">
          {t('accounts.pinsDiffer')}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('accounts.submit')}
        </button>
      </div>
    </form>
  );
}
