// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decision } from '../fixtures/fake-kiosk';
import { openPage, signInAs, startKiosk } from './staff-session';
import { tapKey } from './tap-key';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('a visitor asks for help', () => {
  const call = {
    id: '0b5f3f3e-8d6b-4f7e-9a51-2f1c9d3b7a10',
    at: '2026-11-21T10:00:00.000Z',
    credential: { kind: 'rfid' as const, value: 'DEADBEEF01' },
    name: 'Ada Lovelace',
    heardAt: null,
    deliveredAt: null,
  };

  it('shows the call on any staff page, tells the kiosk it was shown, and keeps it until dismissed', async () => {
    const kiosk = await signInAs('staff');
    openPage('Devices');
    act(() => kiosk.emit('deskCalls', { calls: [call], webhook: null }));
    const banner = screen.getByRole('alert', { name: 'Someone at the kiosk needs help' });
    within(banner).getByText('Ada Lovelace · Badge DEADBEEF01 · Asked at 10:00');
    expect(kiosk.api.showingCalls).toHaveBeenCalledWith({ ids: [call.id] });
    openPage('Today');
    screen.getByRole('alert', { name: 'Someone at the kiosk needs help' });
    kiosk.api.dismissCall.mockResolvedValueOnce({ calls: [], webhook: null });
    fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss the call of 10:00' }));
    expect(kiosk.api.dismissCall).toHaveBeenCalledWith({ id: call.id });
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Someone at the kiosk needs help' })).toBeNull());
  });

  it('shows calls made before the screen opened', async () => {
    const kiosk = await startKiosk();
    kiosk.api.deskCalls.mockResolvedValue({ calls: [{ ...call, heardAt: '2026-11-21T10:00:01.000Z' }], webhook: null });
    await signInAs('staff', kiosk);
    await screen.findByText('Ada Lovelace · Badge DEADBEEF01 · Asked at 10:00');
    expect(kiosk.api.showingCalls).not.toHaveBeenCalled();
  });

  it('says in plain words why the webhook has not taken the notices', async () => {
    const kiosk = await signInAs('staff');
    // The banner's own first fetch answered first: its (older, empty) answer must not land after the event below.
    await waitFor(() => expect(kiosk.api.deskCalls).toHaveBeenCalled());
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    act(() => kiosk.emit('deskCalls', { calls: [], webhook: { waiting: 3, failure: { kind: 'status', status: 500 }, failedAt: '2026-11-21T10:02:00.000Z' } }));
    screen.getByText('The webhook has not taken 3 notices: it answered with error 500 (last tried at 10:02). The kiosk keeps them and tries again.');
    act(() => kiosk.emit('deskCalls', { calls: [], webhook: { waiting: 0, failure: null, failedAt: null } }));
    expect(screen.queryByText(/The webhook has not taken/)).toBeNull();
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

  it("lists the day's expected visitors with who announced them, takes one back, and warns of a visit typed inside the notice window", async () => {
    const kiosk = await signInAs('staff');
    const today = new Date().toISOString();
    kiosk.api.expectedVisits.mockResolvedValue([
      {
        memberId: 'cc-1',
        name: 'Ada Lovelace',
        space: 'cedar',
        spaceName: 'Cedar Commons',
        date: '2026-08-02',
        registeredAt: today,
        by: 'member',
        staffName: null,
      },
      {
        memberId: 'sw-2',
        name: 'Leonie Weiß',
        space: 'spreewerk',
        spaceName: 'Spreewerk',
        date: '2026-08-02',
        registeredAt: today,
        by: 'staff',
        staffName: 'Maya Okafor',
      },
    ]);
    openPage('Expected visitors');
    const list = await screen.findByRole('list', { name: /^Expected on / });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      expect.stringContaining('Ada Lovelace · Cedar Commonsannounced by the member'),
      expect.stringContaining('Leonie Weiß · Spreewerkadded by Maya Okafor'),
    ]);
    kiosk.api.expectedVisits.mockResolvedValue([]);
    fireEvent.click(within(list).getByRole('button', { name: 'Remove Ada Lovelace' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/^Ada Lovelace is no longer expected on /);
    expect(kiosk.api.removeExpected).toHaveBeenCalledWith({ memberId: 'cc-1', date: '2026-08-02' });
    await screen.findByText(/^Nobody is expected on /);

    kiosk.api.searchMembers.mockResolvedValue([{ id: 'sw-2', name: 'Leonie Weiß', email: '', space: 'spreewerk', spaceName: 'Spreewerk', status: 'active' }]);
    kiosk.api.expectVisit.mockResolvedValue({ memberId: 'sw-2', date: '2026-08-02', notice: { hours: 24, countsFrom: '2026-08-02T09:00:00Z' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search by name, email, space or badge number' }), { target: { value: 'Leo' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Leonie Weiß · Spreewerk' }));
    fireEvent.click(screen.getByRole('button', { name: 'Expect this visitor' }));
    await screen.findByText(/^This space asks for 24 hours’ notice: this visit counts as announced only from .+\. A tap before then is still refused\.$/);
  });
});
