// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decision, refusal, signedIn } from '../fixtures/fake-kiosk';
import { chooseName, openPage, signInAs, startKiosk, typePin } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const WELCOME = 'Tap your badge or scan your pass';

describe('signing in to staff mode', () => {
  it('the discreet Staff button lists the staff by name; a person picks theirs and types their PIN on the pad', async () => {
    const kiosk = await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: 'Staff' }));
    screen.getByRole('heading', { name: 'Staff sign-in' });
    const names = await screen.findByRole('list', { name: 'Staff members' });
    expect(
      within(names)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Maya Okafor', 'Rosa Díaz']);
    await chooseName('Rosa Díaz');
    screen.getByRole('heading', { name: 'PIN for Rosa Díaz' });
    typePin('2468');
    await screen.findByRole('heading', { name: 'Staff mode · Rosa Díaz' });
    expect(kiosk.api.signIn).toHaveBeenCalledExactlyOnceWith({ staffId: 1, pin: '2468' });
  });

  it('a wrong PIN says how many tries are left, and the pad stays for the same person', async () => {
    const kiosk = await startKiosk();
    kiosk.api.signIn.mockResolvedValueOnce({ refusal: { refused: 'wrong_pin', triesLeft: 2 }, message: '' });
    fireEvent.click(screen.getByRole('button', { name: 'Staff' }));
    await chooseName('Rosa Díaz');
    typePin('1111');
    expect((await screen.findByRole('alert')).textContent).toBe('That PIN is not right. 2 tries left, then PIN entry for this name locks.');
    screen.getByRole('heading', { name: 'PIN for Rosa Díaz' });
    typePin('2468');
    await screen.findByRole('heading', { name: 'Staff mode · Rosa Díaz' });
  });

  it('while locked, says the real minutes left; a screen that must wait says the seconds', async () => {
    const kiosk = await startKiosk();
    kiosk.api.signIn.mockResolvedValueOnce({ refusal: { refused: 'locked', minutes: 4 }, message: '' });
    kiosk.api.signIn.mockResolvedValueOnce({ refusal: { refused: 'wait', seconds: 10 }, message: '' });
    fireEvent.click(screen.getByRole('button', { name: 'Staff' }));
    await chooseName('Maya Okafor');
    typePin('9999');
    expect((await screen.findByRole('alert')).textContent).toBe('PIN entry for this name is locked after too many wrong PINs. Try again in 4 minutes.');
    typePin('9999');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Too many wrong PINs on this screen. Wait 10 seconds, then try again.'));
  });

  it('a screen that must wait counts the seconds down with the pad closed, then opens it and drops the words', async () => {
    const kiosk = await startKiosk();
    kiosk.api.signIn.mockResolvedValueOnce({ refusal: { refused: 'wait', seconds: 3 }, message: '' });
    fireEvent.click(screen.getByRole('button', { name: 'Staff' }));
    await chooseName('Maya Okafor');
    vi.useFakeTimers({ shouldAdvanceTime: true });
    typePin('9999');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Too many wrong PINs on this screen. Wait 3 seconds, then try again.'));
    const pad = screen.getByRole('group', { name: 'Staff PIN' });
    for (const d of '2468') fireEvent.click(within(pad).getByRole('button', { name: d }));
    expect((within(pad).getByRole('button', { name: 'OK' }) as HTMLButtonElement).disabled).toBe(true);
    await act(() => vi.advanceTimersByTimeAsync(1100));
    expect(screen.getByRole('alert').textContent).toBe('Too many wrong PINs on this screen. Wait 2 seconds, then try again.');
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(screen.queryByRole('alert')).toBeNull();
    expect((within(pad).getByRole('button', { name: 'OK' }) as HTMLButtonElement).disabled).toBe(false);
    expect(kiosk.api.signIn).toHaveBeenCalledTimes(1);
  });

  it('Back goes from the PIN pad to the names', async () => {
    await startKiosk();
    fireEvent.click(screen.getByRole('button', { name: 'Staff' }));
    await chooseName('Maya Okafor');
    fireEvent.click(screen.getByRole('button', { name: 'Back to the names' }));
    await screen.findByRole('list', { name: 'Staff members' });
  });

  it('a staff badge typed by a keyboard-mode reader opens staff mode, though every screen’s event comes before the reply with the ticket', async () => {
    const kiosk = await startKiosk();
    const staff = signedIn().staff;
    // As the service does: the event (no badge value, no ticket) goes out first, then this screen's reply.
    kiosk.api.checkin.mockImplementationOnce(async () => {
      kiosk.emit(
        'checkin',
        decision({ decision: 'staff', reason: null, member: null, kind: null, visitId: null, staff, credential: { kind: 'rfid', value: '' } }),
      );
      return decision({
        decision: 'staff',
        reason: null,
        member: null,
        kind: null,
        visitId: null,
        staff,
        credential: { kind: 'rfid', value: 'ABCDEF01' },
        staffTicket: 'tkt-typed',
      });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Type my badge number' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge number' }), { target: { value: 'ABCDEF01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    await screen.findByRole('heading', { name: 'Staff mode · Rosa Díaz' });
    expect(kiosk.api.signIn).toHaveBeenCalledExactlyOnceWith({ ticket: 'tkt-typed' });
  });

  it('a staff badge typed at a screen away from the kiosk goes to that person’s PIN pad', async () => {
    const kiosk = await startKiosk();
    kiosk.api.checkin.mockResolvedValueOnce(
      decision({
        decision: 'staff',
        reason: null,
        member: null,
        kind: null,
        visitId: null,
        staff: signedIn().staff,
        credential: { kind: 'rfid', value: 'ABCDEF01' },
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Type my badge number' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge number' }), { target: { value: 'ABCDEF01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    await screen.findByRole('heading', { name: 'PIN for Rosa Díaz' });
    typePin('2468');
    await screen.findByRole('heading', { name: 'Staff mode · Rosa Díaz' });
    expect(kiosk.api.signIn).toHaveBeenCalledExactlyOnceWith({ staffId: 1, pin: '2468' });
  });

  it('another screen’s staff badge, heard without a ticket, changes nothing here', async () => {
    const kiosk = await startKiosk();
    act(() =>
      kiosk.emit(
        'checkin',
        decision({
          decision: 'staff',
          reason: null,
          member: null,
          kind: null,
          visitId: null,
          staff: signedIn().staff,
          credential: { kind: 'rfid', value: '' },
        }),
      ),
    );
    screen.getByText(WELCOME);
    expect(kiosk.api.signIn).not.toHaveBeenCalled();
  });

  it('a staff badge tapped at a reader exchanges its ticket for a session, once', async () => {
    const kiosk = await startKiosk();
    const read = decision({ decision: 'staff', reason: null, member: null, kind: null, visitId: null, staff: signedIn().staff, staffTicket: 'tkt-1' });
    act(() => kiosk.emit('checkin', read));
    act(() => kiosk.emit('checkin', read));
    await screen.findByRole('heading', { name: 'Staff mode · Rosa Díaz' });
    expect(kiosk.api.signIn).toHaveBeenCalledTimes(1);
    expect(kiosk.api.signIn).toHaveBeenCalledWith({ ticket: 'tkt-1' });
  });

  it('a ticket another screen redeemed first leaves the welcome screen as it is', async () => {
    const kiosk = await startKiosk();
    kiosk.api.signIn.mockRejectedValueOnce(refusal('the staff badge was read too long ago: tap it again', 'forbidden'));
    act(() => kiosk.emit('checkin', decision({ decision: 'staff', reason: null, member: null, staffTicket: 'tkt-2' })));
    await waitFor(() => expect(kiosk.api.signIn).toHaveBeenCalled());
    screen.getByText(WELCOME);
  });
});

describe('locking staff mode', () => {
  it('the Lock button signs out and goes back to the welcome screen', async () => {
    const kiosk = await signInAs('staff');
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    screen.getByText(WELCOME);
    expect(kiosk.api.signOut).toHaveBeenCalledWith({});
  });

  it('locks itself after 2 minutes without a touch, not after the visitor screens’ idle time', async () => {
    const kiosk = await signInAs('staff');
    await screen.findByText('No visits yet today.');
    vi.useFakeTimers();
    act(() => vi.advanceTimersByTime(60_000));
    fireEvent.pointerDown(screen.getByRole('heading', { name: 'Today’s visits' }));
    act(() => vi.advanceTimersByTime(119_000));
    screen.getByRole('heading', { name: 'Staff mode · Rosa Díaz' });
    act(() => vi.advanceTimersByTime(1_500));
    screen.getByText(WELCOME);
    expect(kiosk.api.signOut).toHaveBeenCalled();
  });

  it('goes back to the welcome screen when the service says staff mode locked', async () => {
    const kiosk = await signInAs('staff');
    kiosk.api.searchMembers.mockRejectedValue(refusal('staff mode locked itself after 2 minutes idle: sign in again', 'forbidden'));
    openPage('Check in by hand');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search by name, email, space or badge number' }), { target: { value: 'Ada' } });
    await screen.findByText(WELCOME);
  });

  it('a visitor’s tap while staff mode is open does not take the screen over', async () => {
    const kiosk = await signInAs('staff');
    act(() => kiosk.emit('checkin', decision()));
    screen.getByRole('heading', { name: 'Staff mode · Rosa Díaz' });
  });
});
