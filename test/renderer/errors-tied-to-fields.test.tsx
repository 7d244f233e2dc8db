// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refusal } from '../fixtures/fake-kiosk';
import { openPage, signInAs, startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** What a screen reader reads after the field's name: the text of the elements its aria-describedby names. */
function description(field: HTMLElement): string {
  const ids = field.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('an error message is tied to the field it is about', () => {
  it('the guest form: a missing name and a wrong email, each read with its own field', async () => {
    await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    const name = screen.getByRole('textbox', { name: 'Your name' });
    const email = screen.getByRole('textbox', { name: 'Email (optional)' });
    expect(name.getAttribute('aria-describedby')).toBeNull();
    fireEvent.change(email, { target: { value: 'ana@' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in · €15.00' }));
    expect([name.getAttribute('aria-invalid'), description(name)]).toEqual(['true', 'Please type your name.']);
    expect([email.getAttribute('aria-invalid'), description(email)]).toEqual([
      'true',
      'That email address does not look right: please check it, or leave it empty.',
    ]);
    expect(description(screen.getByRole('textbox', { name: 'Company (optional)' }))).toBe('');

    // Putting a field right takes its error away; the other keeps its own.
    fireEvent.change(name, { target: { value: 'Jo' } });
    expect([name.getAttribute('aria-invalid'), description(name)]).toEqual(['false', '']);
    expect(email.getAttribute('aria-invalid')).toBe('true');
  });

  it('adding a staff account: PINs that differ are said at the second PIN', async () => {
    const kiosk = await startKiosk();
    kiosk.api.listStaff.mockResolvedValue([]);
    await signInAs('manager', kiosk);
    openPage('Staff accounts');
    const form = await screen.findByRole('form', { name: 'Add a staff member' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Tomás Silva' } });
    fireEvent.change(within(form).getByLabelText('PIN (4 to 12 digits)'), { target: { value: '8642' } });
    fireEvent.change(within(form).getByLabelText('The same PIN again'), { target: { value: '8643' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    expect(description(within(form).getByLabelText('The same PIN again'))).toBe('The two PINs are not the same.');
  });

  it('a setting the service refused: the refusal is read with the setting', async () => {
    const kiosk = await startKiosk();
    kiosk.api.listSettings.mockResolvedValue({ 'space.id': 'harbour-works', 'visa.feedUrl': null });
    kiosk.api.setSetting.mockRejectedValueOnce(refusal('visa.feedUrl must be an http(s) URL', 'invalid'));
    await signInAs('manager', kiosk);
    openPage('Settings');
    const feed = await screen.findByRole('form', { name: 'Address of the visa list (URL)' });
    const field = within(feed).getByRole('textbox');
    fireEvent.change(field, { target: { value: 'ftp://alliance.example/list' } });
    fireEvent.click(within(feed).getByRole('button', { name: 'Save' }));
    const refused = await within(feed).findByRole('alert');
    expect(description(field)).toBe(refused.textContent);
  });
});
