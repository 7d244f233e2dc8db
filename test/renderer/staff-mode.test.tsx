// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PrinterStatus } from '../../core/api/printer';
import type { VisitView } from '../../core/api/desk';
import { KioskError, type ErrorDetail } from '../../core/errors';
import { decision, refusal, serviceRefusal, signedIn, visit } from '../fixtures/fake-kiosk';
import { chooseName, openPage, signInAs, startKiosk, typePin } from './staff-session';
import { tapKey } from './tap-key';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const WELCOME = 'Tap your badge or scan your pass';

/** A refusal the way the service throws it, with its detail, as a screen receives it. */
const refused = (message: string, code: KioskError['code'], detail: ErrorDetail) =>
  serviceRefusal(() => {
    throw new KioskError(message, code, { detail });
  });

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

describe('today’s visits', () => {
  const today = [
    visit({
      id: 12,
      at: '2026-11-21T10:40:00.000Z',
      decision: 'denied',
      reason: 'space_not_participating',
      kind: 'visa',
      name: '佐藤 花子',
      memberId: 'kl-0001',
      homeSpace: 'Kumo Lab',
      credential: { kind: 'barcode', value: 'KL-0001' },
    }),
    visit({
      id: 11,
      at: '2026-11-21T10:20:00.000Z',
      kind: 'member',
      reason: 'member',
      name: 'Inês Carvalho',
      homeSpace: 'Harbour Works',
      credential: { kind: 'rfid', value: '1000A1B200' },
      badgeStatus: 'printed',
    }),
    visit({ id: 10, at: '2026-11-21T09:05:00.000Z', name: 'Grace Hopper', voidedAt: '2026-11-21T09:30:00.000Z', voidReason: 'tapped by mistake' }),
    visit({
      id: 9,
      at: '2026-11-21T09:00:00.000Z',
      decision: 'admitted',
      reason: 'notice_required',
      name: 'Jürgen Groß',
      homeSpace: 'Spreewerk',
      overriddenBy: 'Rosa Díaz',
      overrideReason: 'emailed us yesterday',
    }),
  ];
  const row = (name: string) => screen.getByRole('row', { name: new RegExp(name) });

  async function todayPage(printer?: PrinterStatus) {
    const kiosk = await startKiosk();
    kiosk.api.todaysVisits.mockResolvedValue(today);
    if (printer) kiosk.api.printerStatus.mockResolvedValue(printer);
    await signInAs('staff', kiosk);
    await screen.findByRole('table');
    return kiosk;
  }

  it('lists each visit: local time, name, home space, kind, decision with why, badge, marks', async () => {
    await todayPage();
    const denied = row('佐藤 花子');
    // The space's clock, 24-hour as English is written in Portugal, whatever the browser's locale.
    within(denied).getByText('10:40');
    within(denied).getByText('Kumo Lab');
    within(denied).getByText('Denied');
    within(denied).getByText('Kumo Lab does not take part in the Coworking Visa here.');
    within(denied).getByText('Barcode · KL-0001');
    within(row('Inês Carvalho')).getByText('Member');
    within(row('Inês Carvalho')).getByText('Printed');
    within(row('Grace Hopper')).getByText('Voided: tapped by mistake');
    within(row('Jürgen Groß')).getByText('Admitted by Rosa Díaz: emailed us yesterday');
    // Only what can still be done is offered.
    expect(within(denied).queryByRole('button', { name: 'Reprint badge' })).toBeNull();
    expect(within(row('Inês Carvalho')).queryByRole('button', { name: 'Override' })).toBeNull();
    expect(within(row('Grace Hopper')).queryByRole('button')).toBeNull();
  });

  it('filters by name, space or badge', async () => {
    await todayPage();
    const filter = screen.getByRole('searchbox', { name: 'Filter by name, space or badge' });
    fireEvent.change(filter, { target: { value: 'spree' } });
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(row('Jürgen Groß')).toBeTruthy();
    fireEvent.change(filter, { target: { value: '1000a1' } });
    expect(row('Inês Carvalho')).toBeTruthy();
    fireEvent.change(filter, { target: { value: 'nobody' } });
    screen.getByText('No visit matches the filter.');
  });

  it('overrides a denial with a required reason', async () => {
    const kiosk = await todayPage();
    fireEvent.click(within(row('佐藤 花子')).getByRole('button', { name: 'Override' }));
    screen.getByRole('heading', { name: 'Admit 佐藤 花子 anyway' });
    fireEvent.click(screen.getByRole('button', { name: 'Admit' }));
    expect(screen.getByRole('alert').textContent).toBe('Please say why, in 3 characters or more.');
    expect(kiosk.api.overrideVisit).not.toHaveBeenCalled();
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason (required)' }), { target: { value: 'Kumo Lab member, agreed by the manager' } });
    fireEvent.click(screen.getByRole('button', { name: 'Admit' }));
    expect((await screen.findByRole('status')).textContent).toBe('佐藤 花子 is admitted.');
    expect(kiosk.api.overrideVisit).toHaveBeenCalledWith({ visitId: 12, reason: 'Kumo Lab member, agreed by the manager' });
    expect(kiosk.api.todaysVisits).toHaveBeenCalledTimes(2);
  });

  it('an unknown badge is admitted anyway only with the visitor’s name, which is sent with the override', async () => {
    const kiosk = await startKiosk();
    kiosk.api.todaysVisits.mockResolvedValue([
      visit({ id: 15, decision: 'denied', reason: 'unknown_credential', kind: null, name: null, credential: { kind: 'rfid', value: '0BADC0DE' } }),
    ]);
    await signInAs('staff', kiosk);
    await screen.findByRole('table');
    fireEvent.click(within(screen.getByRole('row', { name: /0BADC0DE/ })).getByRole('button', { name: 'Override' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason (required)' }), { target: { value: 'new member, card not in the list yet' } });
    fireEvent.click(screen.getByRole('button', { name: 'Admit' }));
    expect(screen.getByRole('alert').textContent).toBe('Please type who the visitor is.');
    expect(kiosk.api.overrideVisit).not.toHaveBeenCalled();
    fireEvent.change(screen.getByRole('textbox', { name: 'Visitor’s name (required)' }), { target: { value: 'Grace Hopper' } });
    fireEvent.click(screen.getByRole('button', { name: 'Admit' }));
    expect((await screen.findByRole('status')).textContent).toBe('Grace Hopper is admitted.');
    expect(kiosk.api.overrideVisit).toHaveBeenCalledWith({ visitId: 15, reason: 'new member, card not in the list yet', guestName: 'Grace Hopper' });
  });

  it('words a reason and a badge kind another version stored plainly, showing the badge number', async () => {
    const kiosk = await startKiosk();
    kiosk.api.todaysVisits.mockResolvedValue([
      visit({ id: 16, decision: 'denied', reason: null, kind: null, name: null, credential: { kind: null, value: '04A2B3C4' } }),
    ]);
    await signInAs('staff', kiosk);
    await screen.findByRole('table');
    const stored = screen.getByRole('row', { name: /04A2B3C4/ });
    expect(within(stored).getByText('04A2B3C4', { selector: '.credential' })).toBeDefined();
    expect(within(stored).getByText('A reason this version of the kiosk does not know.')).toBeDefined();
  });

  it('shows the service’s refusal of an override and keeps the form', async () => {
    const kiosk = await todayPage();
    kiosk.api.overrideVisit.mockRejectedValueOnce(refused('this member is already checked in today (visit #14)', 'invalid', { what: 'already_checked_in' }));
    fireEvent.click(within(row('佐藤 花子')).getByRole('button', { name: 'Override' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason (required)' }), { target: { value: 'manager said yes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Admit' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Already checked in today.');
    screen.getByRole('textbox', { name: 'Reason (required)' });
  });

  it('a badge number that fits several members offers no override, but the search of “Check in by hand” with that number', async () => {
    const kiosk = await startKiosk();
    kiosk.api.todaysVisits.mockResolvedValue([
      visit({
        id: 16,
        decision: 'denied',
        reason: 'ambiguous_credential',
        kind: null,
        name: null,
        memberId: null,
        credential: { kind: 'rfid', value: '0C1234' },
      }),
    ]);
    const twins = [
      { id: 'cc-1', name: 'Ada Lovelace', email: 'ada@cedar.example', space: 'cedar', spaceName: 'Cedar Commons', status: 'active' },
      { id: 'hw-7', name: 'Inês Carvalho', email: 'ines@harbour.example', space: 'harbour', spaceName: 'Harbour Works', status: 'active' },
    ];
    kiosk.api.searchMembers.mockResolvedValue(twins);
    await signInAs('staff', kiosk);
    await screen.findByRole('table');
    const denied = screen.getByRole('row', { name: /0C1234/ });
    // The service refuses to override it: staff are not offered what would only be refused.
    expect(within(denied).queryByRole('button', { name: 'Override' })).toBeNull();
    within(denied).getByText('No override for a badge number that fits several members: pick who the visitor is by hand.');
    fireEvent.click(within(denied).getByRole('button', { name: 'Pick the member by hand' }));
    screen.getByRole('heading', { name: 'Check in by hand' });
    expect((screen.getByRole('searchbox', { name: 'Search by name, email, space or badge number' }) as HTMLInputElement).value).toBe('0C1234');
    expect(kiosk.api.searchMembers).toHaveBeenCalledWith({ query: '0C1234' });
    fireEvent.click(await screen.findByRole('button', { name: 'Inês Carvalho · Harbour Works' }));
    screen.getByRole('button', { name: 'Ada Lovelace · Cedar Commons' });
    await waitFor(() => expect(kiosk.api.checkinMember).toHaveBeenCalledWith({ memberId: 'hw-7' }));
    expect(kiosk.api.overrideVisit).not.toHaveBeenCalled();
  });

  it('voids a visit with a required reason, typed on the on-screen keyboard', async () => {
    const kiosk = await todayPage();
    fireEvent.click(within(row('Inês Carvalho')).getByRole('button', { name: 'Void' }));
    screen.getByRole('heading', { name: 'Void the visit of Inês Carvalho' });
    const keyboard = screen.getByRole('group', { name: 'On-screen keyboard' });
    for (const key of 'twice') tapKey(within(keyboard).getByRole('button', { name: key }));
    fireEvent.click(screen.getByRole('button', { name: 'Void the visit' }));
    expect((await screen.findByRole('status')).textContent).toBe('The visit of Inês Carvalho is voided.');
    expect(kiosk.api.voidVisit).toHaveBeenCalledWith({ visitId: 11, reason: 'twice' });
  });

  const brotherQl = {
    configured: { name: 'Brother_QL', format: 'pdf' as const, label: '62x100mm' as const },
    queue: { name: 'Brother_QL', state: 'idle' as const, acceptingJobs: true, isDefault: false, description: '', message: '' },
    detail: 'ready',
    reason: { state: 'ready' as const, queue: 'Brother_QL' },
  };

  it('reprints an admitted visitor’s badge and says how it went', async () => {
    const kiosk = await todayPage(brotherQl);
    kiosk.api.reprintBadge.mockResolvedValueOnce({
      status: 'failed',
      jobId: 4,
      detail: '',
      reason: { state: 'timed_out_stopped', queue: 'Brother_QL', seconds: 30 },
    });
    fireEvent.click(within(row('Inês Carvalho')).getByRole('button', { name: 'Reprint badge' }));
    expect((await screen.findByRole('status')).textContent).toBe('Badge not printed: The printer Brother_QL did not answer within 30 s: it is stopped.');
    expect(kiosk.api.reprintBadge).toHaveBeenCalledWith({ visitId: 11 });
  });

  it('offers no Reprint when no badge printer is set up, and says why', async () => {
    await todayPage();
    await screen.findByText('No badge printer is set up, so badges cannot be reprinted. A manager can choose one in the settings.');
    expect(within(row('Inês Carvalho')).queryByRole('button', { name: 'Reprint badge' })).toBeNull();
  });

  it('a printer unset since the page opened: the refusal is plain words, not a shell command, and Reprint goes', async () => {
    const kiosk = await todayPage(brotherQl);
    const reprint = await within(row('Inês Carvalho')).findByRole('button', { name: 'Reprint badge' });
    kiosk.api.printerStatus.mockResolvedValue({ configured: null, queue: null, detail: 'no badge printer is set', reason: { state: 'none_set' } });
    kiosk.api.reprintBadge.mockRejectedValueOnce(
      Object.assign(new Error('no badge printer is set: run `visa-kiosk config set printer.name QUEUE`'), { code: 'invalid' }),
    );
    fireEvent.click(reprint);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('No badge printer is set up, so badges cannot be reprinted. A manager can choose one in the settings.');
    expect(alert.textContent).not.toContain('visa-kiosk');
    expect(within(row('Inês Carvalho')).queryByRole('button', { name: 'Reprint badge' })).toBeNull();
  });

  it('refreshes on every check-in, and a badge’s outcome changes its row in place', async () => {
    const kiosk = await todayPage();
    act(() => kiosk.emit('checkin', decision()));
    await waitFor(() => expect(kiosk.api.todaysVisits).toHaveBeenCalledTimes(2));
    act(() =>
      kiosk.emit('badgeStatus', { visitId: 11, status: 'failed', detail: '', reason: { state: 'not_accepting', queue: 'Brother_QL', spooler: 'Paused' } }),
    );
    within(row('Inês Carvalho')).getByText('Not printed');
    within(row('Inês Carvalho')).getByText('The printer Brother_QL is not taking new badges. The printer says: “Paused”');
    expect(kiosk.api.todaysVisits).toHaveBeenCalledTimes(2);
  });

  it('shows the newest list when an older answer arrives late', async () => {
    const kiosk = await todayPage();
    let answerOld!: (visits: VisitView[]) => void;
    kiosk.api.todaysVisits.mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)));
    kiosk.api.todaysVisits.mockResolvedValueOnce([
      visit({ id: 13, at: '2026-11-21T11:00:00.000Z', name: 'Ada Lovelace', homeSpace: 'Harbour Works' }),
      ...today,
    ]);
    act(() => kiosk.emit('checkin', decision()));
    act(() => kiosk.emit('checkin', decision()));
    await screen.findByRole('row', { name: /Ada Lovelace/ });
    await act(async () => answerOld([]));
    screen.getByRole('row', { name: /Ada Lovelace/ });
  });
});

describe('a visitor asks for help', () => {
  it('shows a banner on any staff page until dismissed', async () => {
    const kiosk = await signInAs('staff');
    openPage('Devices');
    act(() => kiosk.emit('staffCalled', { at: '2026-11-21T10:00:00.000Z', credential: { kind: 'rfid', value: 'DEADBEEF01' }, name: 'Ada Lovelace' }));
    const banner = screen.getByRole('alert');
    within(banner).getByRole('heading', { name: 'Someone at the kiosk needs help' });
    within(banner).getByText('Ada Lovelace · Badge DEADBEEF01 · Asked at 10:00');
    fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('heading', { name: 'Someone at the kiosk needs help' })).toBeNull();
  });
});

describe('check in by hand', () => {
  const ada = { id: 'cc-1', name: 'Ada Lovelace', email: 'ada@cedar.example', space: 'cedar', spaceName: 'Cedar Commons', status: 'active' };

  it('searches from 2 letters, picks a member and checks them in', async () => {
    const kiosk = await signInAs('staff');
    kiosk.api.searchMembers.mockResolvedValue([ada]);
    openPage('Check in by hand');
    const keyboard = screen.getByRole('group', { name: 'On-screen keyboard' });
    tapKey(within(keyboard).getByRole('button', { name: 'a' }));
    expect(kiosk.api.searchMembers).not.toHaveBeenCalled();
    tapKey(within(keyboard).getByRole('button', { name: 'd' }));
    expect(kiosk.api.searchMembers).toHaveBeenCalledWith({ query: 'ad' });
    fireEvent.click(await screen.findByRole('button', { name: 'Ada Lovelace · Cedar Commons' }));
    await screen.findByRole('heading', { name: 'Ada Lovelace is checked in' });
    screen.getByText('Visa day 2 of 3 this month');
    expect(kiosk.api.checkinMember).toHaveBeenCalledWith({ memberId: 'cc-1' });
  });

  it('a denied member can be admitted anyway, with a reason', async () => {
    const kiosk = await signInAs('staff');
    kiosk.api.searchMembers.mockResolvedValue([{ ...ada, status: 'suspended' }]);
    kiosk.api.checkinMember.mockResolvedValueOnce(decision({ decision: 'denied', reason: 'member_inactive', credential: { kind: 'manual', value: 'cc-1' } }));
    openPage('Check in by hand');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search by name, email, space or badge number' }), { target: { value: 'Ada' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Ada Lovelace · Cedar Commons · suspended' }));
    await screen.findByRole('heading', { name: 'Ada Lovelace can’t be checked in' });
    screen.getByText('The membership at Cedar Commons is not active.');
    fireEvent.click(screen.getByRole('button', { name: 'Admit anyway' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason (required)' }), { target: { value: 'renewal paid today' } });
    fireEvent.click(screen.getByRole('button', { name: 'Admit' }));
    await screen.findByRole('heading', { name: 'Ada Lovelace is checked in' });
    expect(kiosk.api.checkinMember).toHaveBeenLastCalledWith({ memberId: 'cc-1', overrideReason: 'renewal paid today' });
    fireEvent.click(screen.getByRole('button', { name: 'Check in someone else' }));
    screen.getByRole('searchbox', { name: 'Search by name, email, space or badge number' });
  });

  it('finds a member by badge number and tags an expired membership', async () => {
    const kiosk = await signInAs('staff');
    kiosk.api.searchMembers.mockResolvedValue([{ ...ada, status: 'expired' }]);
    openPage('Check in by hand');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search by name, email, space or badge number' }), { target: { value: '0F00A1B2C3' } });
    await screen.findByRole('button', { name: 'Ada Lovelace · Cedar Commons · expired' });
    expect(kiosk.api.searchMembers).toHaveBeenLastCalledWith({ query: '0F00A1B2C3' });
  });

  it('says when nobody matches', async () => {
    await signInAs('staff');
    openPage('Check in by hand');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search by name, email, space or badge number' }), { target: { value: 'zz' } });
    await screen.findByText('No member found.');
  });
});

describe('day pass and expected visitors', () => {
  it('staff sell a day pass with the guest form', async () => {
    const kiosk = await signInAs('staff');
    openPage('Day pass');
    fireEvent.change(screen.getByRole('textbox', { name: 'Your name' }), { target: { value: 'Joe Bloggs' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check in · €15.00' }));
    expect((await screen.findByRole('status')).textContent).toBe('Joe Bloggs is checked in with a day pass. Please take €15.00.');
    expect(kiosk.api.sellDayPass).toHaveBeenCalledWith({ name: 'Joe Bloggs' });
    expect((screen.getByRole('textbox', { name: 'Your name' }) as HTMLInputElement).value).toBe('');
  });

  it('a visa visitor is expected on a day picked by name on the space’s calendar, and the confirmation says it in words', async () => {
    // 23:30 on 31 July by UTC is already 00:30 on Saturday 1 August in Lisbon (summer time).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-07-31T23:30:00Z'));
    const kiosk = await signInAs('staff');
    kiosk.api.searchMembers.mockResolvedValue([{ id: 'sw-2', name: 'Leonie Weiß', email: '', space: 'spreewerk', spaceName: 'Spreewerk', status: 'active' }]);
    openPage('Expected visitors');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search by name, email, space or badge number' }), { target: { value: 'Leo' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Leonie Weiß · Spreewerk' }));
    const days = screen.getByRole('group', { name: 'Day of the visit' });
    expect(within(days).queryByRole('textbox')).toBeNull();
    expect(
      within(days)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Today', 'Tomorrow', 'Mon, 3 Aug', 'Tue, 4 Aug', 'Wed, 5 Aug', 'Thu, 6 Aug', 'Fri, 7 Aug', 'Earlier days', 'Later days']);
    within(days).getByText('Saturday, 1 August 2026');
    fireEvent.click(within(days).getByRole('button', { name: 'Tomorrow' }));
    expect(within(days).getByRole('button', { name: 'Tomorrow' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(days).getByRole('button', { name: 'Later days' }));
    expect(within(days).getAllByRole('button')[0]!.textContent).toBe('Sat, 8 Aug');
    fireEvent.click(within(days).getByRole('button', { name: 'Earlier days' }));
    fireEvent.click(screen.getByRole('button', { name: 'Expect this visitor' }));
    expect((await screen.findByRole('status')).textContent).toBe('Leonie Weiß is expected on Sunday, 2 August 2026.');
    expect(kiosk.api.expectVisit).toHaveBeenCalledWith({ memberId: 'sw-2', date: '2026-08-02' });
    vi.useRealTimers();
  });
});

describe('devices', () => {
  it('shows readers live, the last read, the printer and the visa list; tests the printer and syncs', async () => {
    const kiosk = await startKiosk();
    kiosk.api.readerStatuses.mockResolvedValue([
      { readerId: 'desk', state: 'connected', detail: 'EM4100 on /dev/ttyUSB0', reason: { state: 'listening', device: '/dev/ttyUSB0' }, badFrames: 0 },
    ]);
    kiosk.api.printerStatus.mockResolvedValue({
      configured: { name: 'Brother_QL', format: 'pdf', label: '62x100mm' },
      queue: { name: 'Brother_QL', state: 'idle', acceptingJobs: true, isDefault: false, description: '', message: '' },
      detail: 'ready',
      reason: { state: 'ready', queue: 'Brother_QL' },
    });
    kiosk.api.listStatus.mockResolvedValue({
      ...(await kiosk.api.listStatus({})),
      stale: true,
      staleReason: 'too_old',
      plainHttpFeed: true,
      lastError: 'the server answered 503 Service Unavailable for https://alliance.example/visa.json',
      lastErrorDetail: { what: 'feed_refused', status: 503 },
    });
    await signInAs('staff', kiosk);
    openPage('Devices');

    const readers = screen.getByRole('region', { name: 'Badge readers' });
    await within(readers).findByText('Connected');
    act(() =>
      kiosk.emit('readerStatus', {
        readerId: 'desk',
        state: 'disconnected',
        detail: 'unplugged',
        reason: { state: 'went_away', device: '/dev/ttyUSB0' },
        badFrames: 2,
      }),
    );
    within(readers).getByText('Not connected');
    within(readers).getByText('/dev/ttyUSB0 was unplugged: waiting for it to come back.');
    within(readers).getByText('Bad reads: 2');
    const testRead = within(readers).getByRole('status', { name: 'Test read' });
    within(testRead).getByText('Tap a badge on a reader: what it reads shows here.');
    act(() => kiosk.emit('checkin', decision({ credential: { kind: 'rfid', value: '1000A1B200' }, at: '2026-11-21T10:00:00.000Z' })));
    within(testRead).getByText('RFID · 1000A1B200');
    within(testRead).getByText('Read at 10:00: admitted · Ada Lovelace');

    const printer = screen.getByRole('region', { name: 'Badge printer' });
    await within(printer).findByText('Brother_QL · PDF, through the printer’s driver · 62 × 100 mm (Brother QL)');
    fireEvent.click(within(printer).getByRole('button', { name: 'Test print' }));
    within(printer).getByText('The printer Brother_QL is ready.');
    expect((await within(printer).findByRole('status')).textContent).toBe('Printed: Sent to Brother_QL as job 12.');

    const list = screen.getByRole('region', { name: 'Visa list' });
    await within(list).findByText(
      'The list is out of date: it was made too long ago. The feed server may be sending an old list: check the feed address and sync it.',
    );
    within(list).getByText(
      'The feed address starts with http:, not https:. Anyone on the network can hold back new lists or send an old one. Ask for an https address.',
    );
    within(list).getByText('Last problem: The visa list could not be fetched: the server answered with error 503. Check the address of the visa list.');
    expect(within(list).getByText('Generated').nextElementSibling?.textContent).toMatch(/2026/);
    within(list).getByText('48');
    fireEvent.click(within(list).getByRole('button', { name: 'Sync now' }));
    await within(list).findByText('List synced: number 42.');
    // Installing a list is a manager's job.
    expect(within(list).queryByLabelText('Import a file')).toBeNull();
  });

  it.each([
    ['expired', 'The list has expired: sync a newer one. Until then, check visitors by hand.'],
    ['from_the_future', 'The list is dated later than this kiosk’s clock: the clock is probably wrong. Set it, then sync.'],
  ] as const)('says why the visa list is not current: %s', async (staleReason, message) => {
    const kiosk = await startKiosk();
    kiosk.api.listStatus.mockResolvedValue({ ...(await kiosk.api.listStatus({})), stale: true, staleReason, expiresAt: '2026-11-28T09:00:00Z' });
    await signInAs('staff', kiosk);
    openPage('Devices');
    const list = screen.getByRole('region', { name: 'Visa list' });
    await within(list).findByText(message);
    within(list).getByText('Expires');
    expect(within(list).queryByText(/starts with http:/)).toBeNull();
  });

  it('a test print refused because the printer was unset meanwhile says so in plain words, not a shell command', async () => {
    const kiosk = await startKiosk();
    kiosk.api.printerStatus.mockResolvedValue({
      configured: { name: 'Brother_QL', format: 'pdf', label: '62x100mm' },
      queue: null,
      detail: 'ready',
      reason: { state: 'ready' },
    });
    kiosk.api.testPrint.mockRejectedValueOnce(
      refused('no badge printer is set: run `visa-kiosk config set printer.name QUEUE`', 'invalid', { what: 'no_printer' }),
    );
    await signInAs('staff', kiosk);
    openPage('Devices');
    const printer = screen.getByRole('region', { name: 'Badge printer' });
    const testPrint = await within(printer).findByRole('button', { name: 'Test print' });
    kiosk.api.printerStatus.mockResolvedValue({ configured: null, queue: null, detail: 'no badge printer is set', reason: { state: 'none_set' } });
    fireEvent.click(testPrint);
    expect((await within(printer).findByRole('alert')).textContent).toBe('No badge printer is set up.');
    expect(within(printer).queryByRole('button', { name: 'Test print' })).toBeNull();
  });

  it('says when there is no printer, and shows a sync refusal', async () => {
    const kiosk = await signInAs('staff');
    kiosk.api.syncNow.mockRejectedValueOnce(
      refused('no feed URL: run `visa-kiosk config set visa.feedUrl URL`, or pass --url', 'invalid', { what: 'no_feed_url' }),
    );
    openPage('Devices');
    await screen.findByText('No badge printer is set up.');
    expect(screen.queryByRole('button', { name: 'Test print' })).toBeNull();
    screen.getByText('No badge reader is set up.');
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No address is set for the visa list: a manager sets it in the settings.');
  });

  it('a manager imports a CSV member list and a JSON feed from files, and sees what was left out or why it was refused', async () => {
    const kiosk = await signInAs('manager');
    kiosk.api.importCsv.mockResolvedValueOnce({
      ...(await kiosk.api.importCsv({ csv: '' })),
      members: 3,
      skipped: 1,
      problemDetails: [{ what: 'value', at: { list: 'members', index: 3, id: 'x-4', field: 'email' }, problem: { kind: 'not_an_email' } }],
    });
    kiosk.api.importFeed.mockRejectedValueOnce(
      refused('the feed signature does not match: the feed was changed after signing, or signed with another key', 'refused', { what: 'signature_bad' }),
    );
    openPage('Devices');
    const input = await screen.findByLabelText('Import a file');
    expect(input.getAttribute('accept')).toContain('.csv');

    fireEvent.change(input, { target: { files: [new File(['id,name\nx-1,Ann\n'], 'members.csv', { type: 'text/csv' })] } });
    await screen.findByText('List installed: number 42, 3 members.');
    screen.getByText('Records left out: 1');
    screen.getByText('Member 4 (x-4), “email” must be an email address.');
    expect(kiosk.api.importCsv).toHaveBeenLastCalledWith({ csv: 'id,name\nx-1,Ann\n' });

    fireEvent.change(input, { target: { files: [new File(['{"format":"coworking-visa/1"}'], 'visa.json', { type: 'application/json' })] } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The visa list’s signature is missing or does not match the alliance’s key: it was refused, and the installed list is kept.',
    );
    expect(kiosk.api.importFeed).toHaveBeenCalledWith({ feed: '{"format":"coworking-visa/1"}' });
  });
});
