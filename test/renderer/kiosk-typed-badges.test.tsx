// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { harbourInfo } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('typing a badge number, and scanners that type', () => {
  it('a typed badge number is checked in', async () => {
    const kiosk = await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: 'Type my badge number' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge number' }), { target: { value: 'CC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    expect(kiosk.api.checkin).toHaveBeenCalledWith({ credential: 'CC-0001' });
    await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' });
  });

  it('a keyboard-wedge burst is a scan wherever focus is, and what it typed into a form field is taken out again', async () => {
    const kiosk = await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    const name = screen.getByRole('textbox', { name: 'Your name' }) as HTMLInputElement;
    fireEvent.change(name, { target: { value: 'Jo' } });
    name.focus();
    let t = 1000;
    // Each key reaches the field, as a browser types it; the Enter that ends the burst does not. Key times are set: re-rendering here is slower than a reader.
    for (const key of [...'CC-0001', 'Enter']) {
      const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      Object.defineProperty(event, 'timeStamp', { value: (t += 5) });
      const typed = name.dispatchEvent(event);
      if (typed && key !== 'Enter') fireEvent.change(name, { target: { value: name.value + key } });
      if (key === 'Enter') expect(typed).toBe(false);
    }
    expect(name.value).toBe('Jo');
    expect(kiosk.api.checkin).toHaveBeenCalledWith({ credential: 'CC-0001' });
    await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' });
  });
});

describe('a reader in keyboard mode set to type decimal UIDs (kiosk.wedgeForm)', () => {
  it('its burst is checked in as a decimal RFID UID; a badge number a person types is still guessed at', async () => {
    const kiosk = await startKiosk({ ...harbourInfo, wedgeForm: 'decimal' });
    let t = 1000;
    for (const key of [...'0010596864', 'Enter']) fireEvent.keyDown(window, { key, timeStamp: (t += 5) });
    expect(kiosk.api.checkin).toHaveBeenCalledWith({ credential: '0010596864', kind: 'rfid', form: 'decimal' });
    await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    fireEvent.click(screen.getByRole('button', { name: 'Type my badge number' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge number' }), { target: { value: 'CC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    expect(kiosk.api.checkin).toHaveBeenLastCalledWith({ credential: 'CC-0001' });
  });
});
