// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PrinterStatus } from '../../core/api/printer';
import type { VisitView } from '../../core/api/desk';
import { decision, visit } from '../fixtures/fake-kiosk';
import { refused, signInAs, startKiosk } from './staff-session';
import { tapKey } from './tap-key';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
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

  it('an older denial of someone admitted since offers no override; another person’s denial still does', async () => {
    const kiosk = await startKiosk();
    kiosk.api.todaysVisits.mockResolvedValue([
      visit({ id: 22, decision: 'admitted', memberId: 'cc-0006', name: 'Ada Lovelace', overriddenBy: 'Sam Staff', overrideReason: 'renewal pending' }),
      visit({ id: 21, decision: 'denied', reason: 'member_inactive', memberId: 'cc-0006', name: 'Ada Lovelace', overriddenAs: 22 }),
      visit({ id: 20, decision: 'denied', reason: 'member_inactive', memberId: 'cc-0006', name: 'Ada Lovelace' }),
      visit({ id: 19, decision: 'denied', reason: 'member_inactive', memberId: 'cc-0007', name: 'Alan Turing' }),
    ]);
    await signInAs('staff', kiosk);
    await screen.findByRole('table');
    expect(screen.queryAllByRole('button', { name: 'Override' }).map((button) => button.closest('tr')?.textContent)).toEqual([
      expect.stringContaining('Alan Turing'),
    ]);
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
