// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VisitView } from '../../core/api/desk';
import { decision, visit } from '../fixtures/fake-kiosk';
import { signInAs, startKiosk } from './staff-session';
import { row, today, todayPage } from './todays-visits-page';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('today’s visits', () => {
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

  it('says why a badge did not print when the page opens, from the visit as stored, not only when it was heard', async () => {
    const kiosk = await startKiosk();
    kiosk.api.todaysVisits.mockResolvedValue([
      visit({ id: 21, name: 'Grace Guest', kind: 'day_pass', badgeStatus: 'failed', badgeReason: { state: 'interrupted' } }),
      ...today,
    ]);
    await signInAs('staff', kiosk);
    await screen.findByRole('table');
    within(row('Grace Guest')).getByText('Not printed');
    within(row('Grace Guest')).getByText('The kiosk stopped before the badge was printed.');
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
