// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReasonCode } from '../../core/vocabulary';
import { decision } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
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
    ['pass_expired', 'This pass has expired: ask your space for a new one.'],
    ['pass_invalid', 'This pass could not be checked: it is not a Coworking Visa pass of this alliance, or it was changed.'],
  ])('denied for %s, in plain words, with what to do next', async (reason, text) => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision({ decision: 'denied', reason, visaDaysUsed: 3, dayPass: { price: '15.00', currency: 'EUR' } })));
    screen.getByRole('heading', { name: 'We can’t check you in, Ada Lovelace' });
    screen.getByText(text);
    screen.getByRole('button', { name: 'Buy a day pass · €15.00' });
    screen.getByText('You can buy a day pass, or ask someone at the desk.');
    screen.getByRole('button', { name: 'Call staff' });
  });

  it('denied where no day pass is sold: no day pass offered, in words or as a button', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision({ decision: 'denied', reason: 'visa_days_used_up', visaDaysUsed: 3, dayPass: null })));
    screen.getByText('Please ask someone at the desk.');
    expect(screen.queryByText(/day pass/i)).toBeNull();
    expect(screen.queryByRole('button', { name: /day pass/i })).toBeNull();
    screen.getByRole('button', { name: 'Call staff' });
  });

  it("missing notice: how many hours ahead, the host's own notes, and a QR that opens the announce page", async () => {
    const kiosk = await startKiosk();
    const announceUrl = 'https://registry.example.org/announce?host=harbour';
    act(() =>
      kiosk.emit('checkin', decision({ decision: 'denied', reason: 'notice_required', notice: { hours: 24, notes: 'Tell us a day ahead', announceUrl } })),
    );
    screen.getByText('Visa visitors announce their visit here at least 24 hours ahead.');
    screen.getByText('This space says: “Tell us a day ahead”');
    const qr = screen.getByRole('img', { name: 'QR code: announce your visit' });
    expect(qr.querySelector('path')!.getAttribute('d')!.length).toBeGreaterThan(1000);
    screen.getByText('Scan this with your phone to announce your visit.');
    expect(screen.queryByText('Visa visitors need to announce their visit here in advance.')).toBeNull();
  });

  it('missing notice at a kiosk with a static feed: the hours, no QR', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision({ decision: 'denied', reason: 'notice_required', notice: { hours: 1, notes: '', announceUrl: null } })));
    screen.getByText('Visa visitors announce their visit here at least 1 hour ahead.');
    expect(screen.queryByRole('img', { name: 'QR code: announce your visit' })).toBeNull();
  });

  it('a pass at a kiosk with no registry says this kiosk cannot check passes', async () => {
    const kiosk = await startKiosk();
    act(() => kiosk.emit('checkin', decision({ decision: 'denied', reason: 'pass_invalid', kind: null, member: null, passFault: 'no_registry' })));
    screen.getByText('This kiosk cannot check visa passes. Please tap your badge or ask at the desk.');
    expect(screen.queryByText(/This pass could not be checked/)).toBeNull();
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

  it('a call no channel took yet says it is trying, then that nobody could be reached and where to go', async () => {
    const kiosk = await startKiosk();
    let answer: (reply: unknown) => void = () => {};
    kiosk.api.callStaff.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    act(() =>
      kiosk.emit('checkin', decision({ decision: 'denied', reason: 'unknown_credential', member: null, credential: { kind: 'barcode', value: 'XX-1' } })),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Call staff' }));
    await screen.findByRole('heading', { name: 'Calling the front desk…' });
    expect(screen.queryByText('Someone from the front desk is on their way.')).toBeNull();
    act(() => answer({ id: '0b5f3f3e-8d6b-4f7e-9a51-2f1c9d3b7a10', at: '', credential: null, name: null, takenBy: null }));
    await screen.findByRole('heading', { name: 'Nobody could be reached.' });
    screen.getByText('Please go to the front desk. Your call is kept and will reach staff as soon as it can.');
    expect(screen.queryByText('Someone from the front desk is on their way.')).toBeNull();
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
