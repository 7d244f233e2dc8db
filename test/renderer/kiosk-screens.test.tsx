// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReasonCode } from '../../core/vocabulary';
import { KioskError } from '../../core/errors';
import { decision, harbourInfo, serviceRefusal } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';
import { tapKey } from './tap-key';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('welcome screen', () => {
  it('shows the space, the prompt, the guest button and the languages', async () => {
    await startKiosk();
    screen.getByText('Lisbon');
    screen.getByText('Tap your badge or scan your pass');
    screen.getByRole('button', { name: 'I’m a guest' });
    const languages = screen.getByRole('navigation', { name: 'Language' });
    expect(
      within(languages)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['English', 'Français', 'Deutsch', 'Español']);
  });

  it('has no guest button where the space sells no day pass', async () => {
    await startKiosk({ ...harbourInfo, dayPass: null });
    expect(screen.queryByRole('button', { name: 'I’m a guest' })).toBeNull();
  });

  it('reports a reader that went away, discreetly', async () => {
    const kiosk = await startKiosk();
    act(() =>
      kiosk.emit('readerStatus', { readerId: 'front', state: 'connected', detail: '', reason: { state: 'listening', device: '/dev/ttyUSB0' }, badFrames: 0 }),
    );
    screen.getByText('Badge reader ready');
    act(() =>
      kiosk.emit('readerStatus', {
        readerId: 'front',
        state: 'disconnected',
        detail: 'gone',
        reason: { state: 'went_away', device: '/dev/ttyUSB0' },
        badFrames: 0,
      }),
    );
    screen.getByText('Badge reader not connected: please ask at the desk');
  });

  it('switches language, and goes back to the kiosk’s own language for the next visitor', async () => {
    const kiosk = await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: 'Français' }));
    screen.getByText('Présentez votre badge ou scannez votre pass');
    expect(document.documentElement.lang).toBe('fr');
    act(() => kiosk.emit('checkin', decision()));
    screen.getByRole('heading', { name: 'Bienvenue, Ada Lovelace' });
    fireEvent.click(screen.getByRole('button', { name: 'Terminé' }));
    screen.getByText('Tap your badge or scan your pass');
  });
});

describe('result screens', () => {
  it('admitted visa visitor: name, home space, day N of M', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision()));
    const status = screen.getByRole('status');
    within(status).getByRole('heading', { name: 'Welcome, Ada Lovelace' });
    within(status).getByText('Coworking Visa · Cedar Commons');
    within(status).getByText('Visa day 2 of 3 this month');
  });

  it('admitted member and repeat', async () => {
    const kiosk = await startKiosk();
    act(() =>
      kiosk.emit(
        'checkin',
        decision({
          kind: 'member',
          reason: 'member',
          repeat: true,
          visaDaysUsed: null,
          member: { id: 'hw-1', name: 'Inês Carvalho', space: 'harbour', spaceName: 'Harbour Works' },
        }),
      ),
    );
    screen.getByText('Member of Harbour Works');
    screen.getByText('You are already checked in today.');
    expect(screen.queryByText(/Visa day/)).toBeNull();
  });

  it.each<[ReasonCode, string]>([
    ['member_inactive', 'Your membership at Cedar Commons is not active.'],
    ['membership_expired', 'Your membership at Cedar Commons has expired.'],
    ['space_not_participating', 'Cedar Commons does not take part in the Coworking Visa here.'],
    ['notice_required', 'Visa visitors need to announce their visit here in advance.'],
    ['visa_days_used_up', 'You have used your 3 free visa days this month.'],
  ])('denied for %s, in plain words, with what to do next', async (reason, text) => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision({ decision: 'denied', reason, visaDaysUsed: 3, dayPass: { price: '15.00', currency: 'EUR' } })));
    screen.getByRole('heading', { name: 'We can’t check you in, Ada Lovelace' });
    screen.getByText(text);
    screen.getByRole('button', { name: 'Buy a day pass · €15.00' });
    screen.getByRole('button', { name: 'Call staff' });
  });

  it('an unknown badge shows the number that was read', async () => {
    const kiosk = await startKiosk();
    act(() =>
      kiosk.emit(
        'checkin',
        decision({ decision: 'denied', reason: 'unknown_credential', kind: null, member: null, credential: { kind: 'rfid', value: 'DEADBEEF01' } }),
      ),
    );
    screen.getByText('This badge is not on the Coworking Visa list.');
    screen.getByText('Badge number read: DEADBEEF01');
  });

  it('a short read that fits two members offers other ways in, in plain words, and shows the number as typed', async () => {
    const kiosk = await startKiosk();
    act(() =>
      kiosk.emit(
        'checkin',
        decision({
          decision: 'denied',
          reason: 'ambiguous_credential',
          kind: null,
          member: null,
          credential: { kind: 'barcode', value: 'ab 12' },
          typed: 'ab 12',
        }),
      ),
    );
    screen.getByText(
      'This badge number fits more than one member, so we can’t tell who you are. Scan your barcode or visa pass, or ask someone at the desk to find you.',
    );
    screen.getByText('Badge number read: ab 12');
    screen.getByRole('button', { name: 'Call staff' });
  });

  it('with every reader unplugged, the big line says to type the badge number and that button leads', async () => {
    const kiosk = await startKiosk();
    act(() =>
      kiosk.emit('readerStatus', {
        readerId: 'front',
        state: 'disconnected',
        detail: 'gone',
        reason: { state: 'went_away', device: '/dev/ttyUSB0' },
        badFrames: 0,
      }),
    );
    act(() =>
      kiosk.emit('readerStatus', { readerId: 'side', state: 'connected', detail: '', reason: { state: 'listening', device: '/dev/ttyUSB0' }, badFrames: 0 }),
    );
    screen.getByText('Tap your badge or scan your pass');
    act(() =>
      kiosk.emit('readerStatus', { readerId: 'side', state: 'error', detail: 'no answer', reason: { state: 'busy', device: '/dev/ttyUSB0' }, badFrames: 0 }),
    );
    expect(screen.queryByText('Tap your badge or scan your pass')).toBeNull();
    screen.getByText('The badge reader is not working: please type your badge number');
    const buttons = screen.getAllByRole('button').map((b) => b.textContent);
    expect(buttons.indexOf('Type my badge number')).toBeLessThan(buttons.indexOf('I’m a guest'));
    expect(screen.getByRole('button', { name: 'Type my badge number' }).className).toContain('primary');
    fireEvent.click(screen.getByRole('button', { name: 'Français' }));
    screen.getByText('Le lecteur de badge ne fonctionne pas : tapez le numéro de votre badge');
    act(() =>
      kiosk.emit('readerStatus', { readerId: 'front', state: 'connected', detail: '', reason: { state: 'listening', device: '/dev/ttyUSB0' }, badFrames: 0 }),
    );
    screen.getByText('Présentez votre badge ou scannez votre pass');
  });

  it('call staff tells the desk and the visitor', async () => {
    const kiosk = await startKiosk();
    act(() =>
      kiosk.emit('checkin', decision({ decision: 'denied', reason: 'unknown_credential', member: null, credential: { kind: 'barcode', value: 'XX-1' } })),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Call staff' }));
    expect(kiosk.api.callStaff).toHaveBeenCalledWith({ credential: { kind: 'barcode', value: 'XX-1' } });
    await screen.findByRole('heading', { name: 'Someone from the front desk is on their way.' });
  });

  it('a call that does not reach the desk says so, rather than that someone is coming', async () => {
    const kiosk = await startKiosk();
    kiosk.api.callStaff.mockRejectedValueOnce(Object.assign(new Error('the kiosk service cannot be reached'), { code: 'offline' }));
    act(() =>
      kiosk.emit('checkin', decision({ decision: 'denied', reason: 'unknown_credential', member: null, credential: { kind: 'barcode', value: 'XX-1' } })),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Call staff' }));
    await screen.findByRole('heading', { name: 'Your call did not get through. Please go to the front desk.' });
    expect(screen.queryByText('Someone from the front desk is on their way.')).toBeNull();
  });

  it('says the badge is printing, then sends the visitor to the desk when it could not be printed', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision({ visitId: 12, badge: 'pending' })));
    screen.getByText('Your badge is being printed…');
    act(() => kiosk.emit('badgeStatus', { visitId: 11, status: 'printed', detail: '', reason: { state: 'printed', queue: 'desk', jobId: 3 } }));
    screen.getByText('Your badge is being printed…');
    act(() => kiosk.emit('badgeStatus', { visitId: 12, status: 'failed', detail: 'timed out after 30 s', reason: { state: 'timed_out', seconds: 30 } }));
    screen.getByText('Your badge could not be printed: please ask at the front desk for it.');
  });

  it('a badge not printed offers Call staff, which tells the desk who is waiting for it', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision({ visitId: 12, badge: 'pending' })));
    expect(screen.queryByRole('button', { name: 'Call staff' })).toBeNull();
    act(() => kiosk.emit('badgeStatus', { visitId: 12, status: 'failed', detail: 'timed out after 30 s', reason: { state: 'timed_out', seconds: 30 } }));
    fireEvent.click(screen.getByRole('button', { name: 'Call staff' }));
    expect(kiosk.api.callStaff).toHaveBeenCalledWith({ credential: decision().credential, name: 'Ada Lovelace' });
    await screen.findByRole('heading', { name: 'Someone from the front desk is on their way.' });
  });

  it('says nothing of badges where none is printed', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision()));
    expect(screen.queryByText(/badge/i)).toBeNull();
  });

  it('a staff badge does not show a visitor screen', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision({ decision: 'staff', reason: null, member: null })));
    screen.getByText('Tap your badge or scan your pass');
  });
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

describe('leaving kiosk mode (Electron)', () => {
  it('asks for a manager PIN, says when it is wrong, and hands the right one to the shell', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.requestExit());
    screen.getByRole('heading', { name: 'Leave kiosk mode' });
    const pad = screen.getByRole('group', { name: 'Manager PIN' });
    const type = (pin: string) => [...pin].forEach((d) => fireEvent.click(within(pad).getByRole('button', { name: d })));
    type('1234');
    within(pad).getByDisplayValue('1234');
    fireEvent.click(within(pad).getByRole('button', { name: 'OK' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That PIN is not right.');
    type('482193');
    fireEvent.click(within(pad).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(kiosk.shell.exitKiosk).toHaveBeenLastCalledWith('482193'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the lock-out when PIN entry is locked', async () => {
    const kiosk = await startKiosk();
    kiosk.shell.exitKiosk.mockRejectedValueOnce(
      serviceRefusal(() => {
        throw new KioskError('too many wrong PINs from this screen: wait 300 seconds before the next try', 'forbidden', {
          retryAfterSeconds: 300,
          detail: { what: 'pin_wait', seconds: 300 },
        });
      }),
    );
    act(() => kiosk.requestExit());
    const pad = screen.getByRole('group', { name: 'Manager PIN' });
    for (const d of '9999') fireEvent.click(within(pad).getByRole('button', { name: d }));
    fireEvent.click(within(pad).getByRole('button', { name: 'OK' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many wrong PINs on this screen. Wait 300 seconds, then try again.');
  });
});

describe('when things go wrong at the kiosk', () => {
  it('a double tap on Check in checks the badge in once', async () => {
    const kiosk = await startKiosk();
    let answer!: (result: ReturnType<typeof decision>) => void;
    kiosk.api.checkin.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    fireEvent.click(screen.getByRole('button', { name: 'Type my badge number' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge number' }), { target: { value: 'CC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    expect(kiosk.api.checkin).toHaveBeenCalledTimes(1);
    await act(async () => answer(decision()));
    await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' });
  });

  it('a badge typed while the service cannot be reached says so in the visitor’s language', async () => {
    const kiosk = await startKiosk();
    kiosk.api.checkin.mockRejectedValueOnce(Object.assign(new Error('the kiosk service cannot be reached'), { code: 'offline' }));
    fireEvent.click(screen.getByRole('button', { name: 'Deutsch' }));
    fireEvent.click(screen.getByRole('button', { name: 'Badge-Nummer eintippen' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge-Nummer' }), { target: { value: 'CC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Einchecken' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Das Terminal erreicht seinen Dienst gerade nicht. Bitte fragen Sie am Empfang.');
  });

  it('the guest form checks the email in the visitor’s language', async () => {
    const kiosk = await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Jo Bloggs' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Email (optional)' }), { target: { value: 'x@@y' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in · €15.00' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That email address does not look right: please check it, or leave it empty.');
    expect(kiosk.api.sellDayPass).not.toHaveBeenCalled();
  });
});

describe('returning to the welcome screen by itself', () => {
  it('after the idle time, from a result and from a half-filled form', async () => {
    const kiosk = await startKiosk({ ...harbourInfo, idleSeconds: 8 });
    vi.useFakeTimers();
    act(() => kiosk.emit('checkin', decision()));
    act(() => vi.advanceTimersByTime(7_900));
    screen.getByRole('heading', { name: 'Welcome, Ada Lovelace' });
    act(() => vi.advanceTimersByTime(200));
    screen.getByText('Tap your badge or scan your pass');

    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Half a na' } });
    act(() => vi.advanceTimersByTime(8_100));
    screen.getByText('Tap your badge or scan your pass');
    fireEvent.click(screen.getByRole('button', { name: 'I’m a guest' }));
    expect((screen.getByRole('textbox', { name: 'Your name' }) as HTMLInputElement).value).toBe('');
  });

  it('a language chosen on the welcome screen by someone who walked away goes back to the kiosk’s own', async () => {
    await startKiosk({ ...harbourInfo, idleSeconds: 8 });
    vi.useFakeTimers();
    fireEvent.click(screen.getByRole('button', { name: 'Deutsch' }));
    screen.getByRole('button', { name: 'Badge-Nummer eintippen' });
    act(() => vi.advanceTimersByTime(8_100));
    screen.getByText('Tap your badge or scan your pass');
  });
});
