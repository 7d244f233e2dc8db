// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { harbourInfo } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(cleanup);

/** A German kiosk's day-pass form sent with a name, the service refusing it with `failure`. */
async function buyRefused(failure: Error) {
  const kiosk = await startKiosk({ ...harbourInfo, language: 'de' });
  kiosk.api.sellDayPass.mockRejectedValueOnce(failure);
  fireEvent.click(screen.getByRole('button', { name: 'Ich bin Gast' }));
  fireEvent.change(screen.getByRole('textbox', { name: 'Ihr Name' }), { target: { value: 'Joe' } });
  fireEvent.click(screen.getByRole('button', { name: /^Einchecken · / }));
  const alert = (await screen.findByRole('alert')).textContent;
  expect((screen.getByRole('textbox', { name: 'Ihr Name' }) as HTMLInputElement).value).toBe('Joe');
  return alert;
}

describe('a day pass the service refuses, on a German screen', () => {
  it('one of too many taps: the visitor is asked in German to wait a moment', async () => {
    const tooMany = Object.assign(new Error('too many taps: wait a moment, then tap again'), { code: 'rate_limited' });
    expect(await buyRefused(tooMany)).toBe('Zu viele Versuche auf einmal: Bitte warten Sie einen Moment und versuchen Sie es dann erneut.');
  });

  it('not saved (the database locked by another program): said in German, the form kept', async () => {
    const notSaved = Object.assign(new Error('the day pass was not saved: the database is locked by another program (waited 2 s); try again'), {
      code: 'not_saved',
    });
    expect(await buyRefused(notSaved)).toBe(
      'Ihr Tagespass konnte gerade nicht gespeichert werden. Bitte versuchen Sie es gleich noch einmal oder fragen Sie am Empfang.',
    );
  });
});
