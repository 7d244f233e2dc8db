import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { expect } from 'vitest';
import { KioskError, type ErrorDetail } from '../../core/errors';
import { App } from '../../renderer/App';
import { fakeKiosk, harbourInfo, serviceRefusal } from '../fixtures/fake-kiosk';

/** The kiosk on its welcome screen, listening to the service's events. */
export async function startKiosk(info = harbourInfo) {
  const kiosk = fakeKiosk(info);
  render(<App client={kiosk.client} />);
  await screen.findByRole('heading', { name: info.space?.name ?? 'Visa Kiosk' });
  await waitFor(() => expect(kiosk.listening('checkin')).toBe(true));
  return kiosk;
}

export function typePin(pin: string) {
  const pad = screen.getByRole('group', { name: 'Staff PIN' });
  for (const digit of pin) fireEvent.click(within(pad).getByRole('button', { name: digit }));
  fireEvent.click(within(pad).getByRole('button', { name: 'OK' }));
}

/** Picks a name on the sign-in screen's list. */
export async function chooseName(name: string) {
  fireEvent.click(within(await screen.findByRole('list', { name: 'Staff members' })).getByRole('button', { name }));
}

/** Signed in through the Staff button, the list of names and the PIN pad: Rosa Díaz's PIN is 2468, Maya Okafor's (a manager) 1357 (see fake-kiosk). */
export async function signInAs(role: 'staff' | 'manager', kiosk?: Awaited<ReturnType<typeof startKiosk>>) {
  const started = kiosk ?? (await startKiosk());
  fireEvent.click(screen.getByRole('button', { name: 'Staff' }));
  await chooseName(role === 'manager' ? 'Maya Okafor' : 'Rosa Díaz');
  typePin(role === 'manager' ? '1357' : '2468');
  await screen.findByRole('heading', { name: role === 'manager' ? 'Staff mode · Maya Okafor' : 'Staff mode · Rosa Díaz' });
  return started;
}

export function openPage(name: string) {
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Staff mode sections' })).getByRole('button', { name }));
}

/** A refusal the way the service throws it, with its detail, as a screen receives it. */
export const refused = (message: string, code: KioskError['code'], detail: ErrorDetail) =>
  serviceRefusal(() => {
    throw new KioskError(message, code, { detail });
  });
