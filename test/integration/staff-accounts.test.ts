import { describe, expect, it } from 'vitest';
import { dispatch, type Connection } from '../../service/dispatch';
import { forbidden, MARIA, SAM, thisComputer, useKiosk } from './authorization-kiosk';

const kiosk = useKiosk();

describe('staff accounts', () => {
  it('a PIN another account has is accepted for a new one: nothing tells a manager whose PIN it is', async () => {
    const { service } = await kiosk();
    expect(service.staff.add({ name: 'Dee Duplicate', role: 'staff', pin: '482193' })).toMatchObject({ name: 'Dee Duplicate' });
    expect(service.staff.list().map((s) => s.name)).toEqual(['Dee Duplicate', 'Maria Manager', 'Sam Staff']);
  });

  it('a disabled account’s open session ends at its next call', async () => {
    const { service } = await kiosk();
    const sam: Connection = { session: null };
    const maria: Connection = { session: null };
    await dispatch(service, 'signIn', SAM, sam);
    await dispatch(service, 'signIn', MARIA, maria);
    expect(await dispatch(service, 'todaysVisits', {}, sam)).toEqual([]);
    await dispatch(service, 'disableStaff', { id: 1 }, maria);
    await expect(dispatch(service, 'todaysVisits', {}, sam)).rejects.toMatchObject({ ...forbidden, message: 'todaysVisits needs a staff to sign in first' });
  });

  it('a staff badge cannot be a member’s badge; a disabled account’s badge can be given to someone else', async () => {
    const { service } = await kiosk();
    expect(() => service.staff.add({ name: 'Ines Staff', role: 'staff', pin: '7777', badge: 'HW-1' })).toThrow(
      /^the badge HW-1 is Inês Carvalho's member badge: give staff a card of their own$/,
    );
    expect(service.desk.checkin({ credential: 'HW-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
    expect(() => service.staff.add({ name: 'Two Badges', role: 'staff', pin: '7777', badge: 'ABCDEF01' })).toThrow(/already belongs to another staff member/);
    service.staff.disable({ id: 1 }, { staffId: 2, name: 'Maria Manager', role: 'manager' });
    expect(service.staff.add({ name: 'New Hire', role: 'staff', pin: '7777', badge: 'ABCDEF01' })).toMatchObject({ name: 'New Hire' });
    expect(service.desk.checkin({ credential: 'ABCDEF01' }, { screen: thisComputer })).toMatchObject({
      decision: 'staff',
      staff: { name: 'New Hire' },
      staffTicket: expect.any(String),
    });
  });
});
