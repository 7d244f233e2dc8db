// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPage, signInAs, startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('privacy', () => {
  it('shows the retention period, and erases a person after a confirmation', async () => {
    const kiosk = await startKiosk();
    kiosk.api.listSettings.mockResolvedValue({ 'privacy.retentionDays': 60 });
    kiosk.api.erasePerson.mockResolvedValueOnce({ erased: 2 });
    await signInAs('manager', kiosk);
    openPage('Privacy');
    await screen.findByText('Guests’ names and emails are kept for 60 days, then erased.');
    fireEvent.change(screen.getByRole('textbox', { name: 'Email address' }), { target: { value: 'alan@k.pt' } });
    fireEvent.click(screen.getByRole('button', { name: 'Erase' }));
    screen.getByRole('alertdialog', { name: 'Erase every guest record of alan@k.pt?' });
    expect(kiosk.api.erasePerson).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, erase' }));
    expect((await screen.findByRole('status')).textContent).toBe('Guest records erased: 2.');
    expect(kiosk.api.erasePerson).toHaveBeenCalledWith({ email: 'alan@k.pt' });
  });
});

describe('audit trail', () => {
  const entries = [
    {
      id: 8,
      at: '2026-11-21T10:41:00.000Z',
      actor: 'Rosa Díaz (#1)',
      action: 'override',
      detail: { visit: 12, admittedAs: 13, reason: 'agreed', before: { decision: 'denied', reason: 'space_not_participating' } },
    },
    { id: 7, at: '2026-11-21T10:30:00.000Z', actor: 'Rosa Díaz (#1)', action: 'sign in', detail: { with: 'PIN' } },
  ];

  it('lists the latest entries, summarised, under an intact banner', async () => {
    const kiosk = await startKiosk();
    kiosk.api.auditLog.mockResolvedValue({ entries, intact: true, problem: null });
    await signInAs('manager', kiosk);
    openPage('Audit trail');
    expect((await screen.findByRole('status')).textContent).toBe('The audit trail is intact.');
    expect(kiosk.api.auditLog).toHaveBeenCalledWith({ limit: 200 });
    const override = screen.getByRole('row', { name: /override/ });
    within(override).getByText('Rosa Díaz (#1)');
    within(override).getByText('visit: 12, admittedAs: 13, reason: agreed, before: {"decision":"denied","reason":"space_not_participating"}');
  });

  it('says TAMPERED, with the problem, when the chain is broken', async () => {
    const kiosk = await startKiosk();
    kiosk.api.auditLog.mockResolvedValue({ entries, intact: false, problem: 'entry #7 does not match its hash' });
    await signInAs('manager', kiosk);
    openPage('Audit trail');
    expect((await screen.findByRole('alert')).textContent).toBe('TAMPERED: entry #7 does not match its hash');
  });
});
