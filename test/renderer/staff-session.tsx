import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { expect } from 'vitest';
import { App } from '../../renderer/App';
import { fakeKiosk, harbourInfo } from '../fixtures/fake-kiosk';

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

/** Signed in through the Staff button and the PIN pad: 2468 is a staff member's PIN, 1357 a manager's (see fake-kiosk). */
export async function signInAs(role: 'staff' | 'manager', kiosk?: Awaited<ReturnType<typeof startKiosk>>) {
  const started = kiosk ?? (await startKiosk());
  fireEvent.click(screen.getByRole('button', { name: 'Staff' }));
  typePin(role === 'manager' ? '1357' : '2468');
  await screen.findByRole('heading', { name: role === 'manager' ? 'Staff mode · Maya Okafor' : 'Staff mode · Rosa Díaz' });
  return started;
}

export function openPage(name: string) {
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Staff mode sections' })).getByRole('button', { name }));
}
