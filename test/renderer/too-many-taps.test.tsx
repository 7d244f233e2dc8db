// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { startKiosk } from './staff-session';

afterEach(cleanup);

/** What the service answers a screen tapping faster than a person (service/call-limits.ts). */
const tooManyTaps = () => Object.assign(new Error('too many taps: wait a moment, then tap again'), { code: 'rate_limited' });

describe('a tap the service refuses as one of too many', () => {
  it('tells the visitor to wait a moment, not that something went wrong', async () => {
    const kiosk = await startKiosk();
    kiosk.api.checkin.mockRejectedValueOnce(tooManyTaps());
    fireEvent.click(screen.getByRole('button', { name: 'Type my badge number' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge number' }), { target: { value: 'CC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many taps at once: please wait a moment, then tap again.');
  });

  it('in the visitor’s language', async () => {
    const kiosk = await startKiosk();
    kiosk.api.checkin.mockRejectedValueOnce(tooManyTaps());
    fireEvent.click(screen.getByRole('button', { name: 'Español' }));
    fireEvent.click(screen.getByRole('button', { name: /número de/i }));
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'CC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: /^Registrar/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('Demasiados intentos a la vez: espere un momento y vuelva a intentarlo.');
  });
});

describe('a day pass the service refuses as one of too many from this screen', () => {
  it('sends the visitor to the front desk, in their language, and keeps the form', async () => {
    const kiosk = await startKiosk();
    kiosk.api.sellDayPass.mockRejectedValueOnce(
      Object.assign(new Error('too many day passes from this screen just now: please ask the front desk'), { code: 'day_pass_limit' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Deutsch' }));
    fireEvent.click(screen.getByRole('button', { name: /Gast/ }));
    fireEvent.change(screen.getAllByRole('textbox')[0]!, { target: { value: 'Joe' } });
    fireEvent.click(screen.getByRole('button', { name: /15,00|15.00/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('Gerade zu viele Tagespässe von diesem Bildschirm: Bitte wenden Sie sich an den Empfang.');
    expect((screen.getAllByRole('textbox')[0] as HTMLInputElement).value).toBe('Joe');
  });
});
