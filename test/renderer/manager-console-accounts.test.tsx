// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KioskError } from '../../core/errors';
import { serviceRefusal } from '../fixtures/fake-kiosk';
import { openPage, signInAs, startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('staff accounts', () => {
  async function accountsPage() {
    const kiosk = await startKiosk();
    kiosk.api.listStaff.mockResolvedValue([
      { id: 1, name: 'Rosa Díaz', role: 'staff', hasBadge: true },
      { id: 2, name: 'Maya Okafor', role: 'manager', hasBadge: false },
    ]);
    await signInAs('manager', kiosk);
    openPage('Staff accounts');
    await screen.findByRole('table');
    return kiosk;
  }

  it('adds an account with the PIN typed twice', async () => {
    const kiosk = await accountsPage();
    const form = screen.getByRole('form', { name: 'Add a staff member' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Tomás Silva' } });
    fireEvent.change(within(form).getByRole('combobox', { name: 'Role' }), { target: { value: 'manager' } });
    fireEvent.change(within(form).getByLabelText('PIN (4 to 12 digits)'), { target: { value: '8642' } });
    fireEvent.change(within(form).getByLabelText('The same PIN again'), { target: { value: '8643' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Staff badge number (optional)' }), { target: { value: '0F00ABCDEF' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    expect(within(form).getByRole('alert').textContent).toBe('The two PINs are not the same.');
    expect(kiosk.api.addStaff).not.toHaveBeenCalled();
    fireEvent.change(within(form).getByLabelText('The same PIN again'), { target: { value: '8642' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    expect((await screen.findByRole('status')).textContent).toBe('Tomás Silva is added.');
    expect(kiosk.api.addStaff).toHaveBeenCalledWith({ name: 'Tomás Silva', role: 'manager', pin: '8642', badge: '0F00ABCDEF' });
    expect(kiosk.api.listStaff).toHaveBeenCalledTimes(2);
  });

  it('shows the service’s refusal of a new account', async () => {
    const kiosk = await accountsPage();
    kiosk.api.addStaff.mockRejectedValueOnce(
      serviceRefusal(() => {
        throw new KioskError('the badge 0F00ABCDEF already belongs to another staff member', 'invalid', { detail: { what: 'badge_taken' } });
      }),
    );
    const form = screen.getByRole('form', { name: 'Add a staff member' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Tomás Silva' } });
    fireEvent.change(within(form).getByLabelText('PIN (4 to 12 digits)'), { target: { value: '8642' } });
    fireEvent.change(within(form).getByLabelText('The same PIN again'), { target: { value: '8642' } });
    fireEvent.submit(form);
    expect((await within(form).findByRole('alert')).textContent).toBe('This badge already belongs to another staff member.');
  });

  it('disables an account after a confirmation', async () => {
    const kiosk = await accountsPage();
    const rosa = screen.getByRole('row', { name: /Rosa Díaz/ });
    within(rosa).getByText('Staff');
    fireEvent.click(within(rosa).getByRole('button', { name: 'Disable' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Disable Rosa Díaz?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(kiosk.api.disableStaff).not.toHaveBeenCalled();
    fireEvent.click(within(screen.getByRole('row', { name: /Rosa Díaz/ })).getByRole('button', { name: 'Disable' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, disable' }));
    expect((await screen.findByRole('status')).textContent).toBe('Rosa Díaz is disabled.');
    expect(kiosk.api.disableStaff).toHaveBeenCalledWith({ id: 1 });
  });
});
