// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KioskError } from '../../core/errors';
import { decision, serviceRefusal } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';
import { tapKey } from './tap-key';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('day pass', () => {
  it('a denied member buys a day pass: the form is filled with their name and the pass is tied to them', async () => {
    const kiosk = await startKiosk();
    act(() =>
      kiosk.emit('checkin', decision({ decision: 'denied', reason: 'visa_days_used_up', visaDaysUsed: 3, dayPass: { price: '15.00', currency: 'EUR' } })),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Buy a day pass · €15.00' }));
    expect((screen.getByRole('textbox', { name: 'Your name' }) as HTMLInputElement).value).toBe('Ada Lovelace');
    screen.getByText('We keep your name and email for 90 days to know who is in the building, then erase them.');
    fireEvent.click(screen.getByRole('button', { name: 'Check in · €15.00' }));
    await screen.findByRole('heading', { name: 'You’re checked in, Ada Lovelace' });
    screen.getByText('Please pay €15.00 at the front desk.');
    expect(kiosk.api.sellDayPass).toHaveBeenCalledWith({ name: 'Ada Lovelace', memberId: 'cc-1' });
  });

  it('a guest whose badge was not printed can call staff from the same screen', async () => {
    const kiosk = await startKiosk();
    kiosk.api.sellDayPass.mockResolvedValueOnce({
      visitId: 9,
      badge: 'pending',
      guestId: 1,
      name: 'Joe',
      price: '15.00',
      currency: 'EUR',
      at: '',
      localDate: '',
    });
    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Joe' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in · €15.00' }));
    await screen.findByRole('heading', { name: 'You’re checked in, Joe' });
    expect(screen.queryByRole('button', { name: 'Call staff' })).toBeNull();
    act(() => kiosk.emit('badgeStatus', { visitId: 9, status: 'failed', detail: 'the printer Brother_QL is stopped', reason: { state: 'not_accepting' } }));
    screen.getByText('Your badge could not be printed: please ask at the front desk for it.');
    fireEvent.click(screen.getByRole('button', { name: 'Call staff' }));
    expect(kiosk.api.callStaff).toHaveBeenCalledWith({ name: 'Joe' });
    await screen.findByRole('heading', { name: 'Someone from the front desk is on their way.' });
  });

  it('a guest types with the on-screen keyboard; a name is required', async () => {
    const kiosk = await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    fireEvent.click(screen.getByRole('button', { name: 'Check in · €15.00' }));
    expect(screen.getByRole('alert').textContent).toBe('Please type your name.');
    expect(kiosk.api.sellDayPass).not.toHaveBeenCalled();
    const keyboard = screen.getByRole('group', { name: 'On-screen keyboard' });
    // simple-keyboard draws its keys anew when the layout changes: Shift is looked up each time.
    const shift = () => within(keyboard).getByRole('button', { name: 'Shift' });
    tapKey(shift());
    expect(shift().getAttribute('aria-pressed')).toBe('true');
    tapKey(within(keyboard).getByRole('button', { name: 'J' }));
    expect(shift().getAttribute('aria-pressed')).toBe('false');
    for (const key of ['o', 'x', 'Delete', 'e']) tapKey(within(keyboard).getByRole('button', { name: key }));
    expect((screen.getByRole('textbox', { name: 'Your name' }) as HTMLInputElement).value).toBe('Joe');
    fireEvent.change(screen.getByRole('textbox', { name: 'Who are you visiting? (optional)' }), { target: { value: 'Inês' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in · €15.00' }));
    await screen.findByRole('heading', { name: 'You’re checked in, Joe' });
    expect(kiosk.api.sellDayPass).toHaveBeenCalledWith({ name: 'Joe', visiting: 'Inês' });
  });

  it('says why when the day pass is refused, and keeps the form', async () => {
    const kiosk = await startKiosk();
    kiosk.api.sellDayPass.mockRejectedValueOnce(
      serviceRefusal(() => {
        throw new KioskError('Harbour Works does not sell day passes (the visa list gives no price)');
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Joe' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in · €15.00' }));
    // In the visitor's words, never the service's English line.
    expect((await screen.findByRole('alert')).textContent).toBe('The kiosk could not do this. Please ask at the front desk.');
    expect((screen.getByRole('textbox', { name: 'Your name' }) as HTMLInputElement).value).toBe('Joe');
  });
});
