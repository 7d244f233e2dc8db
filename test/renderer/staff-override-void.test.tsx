// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { visit } from '../fixtures/fake-kiosk';
import { refused, signInAs, startKiosk } from './staff-session';
import { tapKey } from './tap-key';
import { row, todayPage } from './todays-visits-page';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('today’s visits: overriding a denial, voiding a visit', () => {
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
});
