import { describe, expect, it } from 'vitest';
import type { CheckinResult } from '../../core/api/checkin';
import { ReaderConfigs } from '../../core/readers';
import { heardAt } from '../../service/connection';
import { hearing, type Listener } from '../../service/screen-routing';
import type { Screen } from '../../service/staff-access';
import { takesSharedTap, type Screen as ShownScreen } from '../../renderer/screens/kiosk-screen';

// Two visitor screens at one desk, a screen left unnamed, and the desk's own screen in staff mode.
const left: Screen = { id: 'screen at 127.0.0.1', local: true, name: 'left' };
const right: Screen = { id: 'screen at 127.0.0.1', local: true, name: 'right' };
const unnamed: Screen = { id: 'screen at 10.0.0.7', local: false };
const desk: Screen = { id: 'screen at 10.0.0.8', local: false, name: 'desk' };
const visitorAt = (screen: Screen): Listener => ({ screen, staff: false });
const screens: Listener[] = [visitorAt(left), visitorAt(right), visitorAt(unnamed), { screen: desk, staff: true }];
const heardBy = (origin: Parameters<typeof hearing>[0]) => screens.map((listener) => hearing(origin, listener));

describe('which screens hear a check-in (several screens at one desk)', () => {
  it('a badge typed or scanned at a screen is heard there and at staff screens, never at another visitor screen', () => {
    expect(heardBy({ screen: left })).toEqual(['own', null, null, 'own']);
    expect(heardBy({ screen: unnamed })).toEqual([null, null, 'own', 'own']);
  });

  it('knows a screen by its connection, not its name: a second page with the same name is another visitor', () => {
    const sameNameAgain: Screen = { ...left };
    expect(hearing({ screen: left }, visitorAt(sameNameAgain))).toBeNull();
  });

  it('a reader given to a screen is heard at every screen of that name and at staff screens', () => {
    const leftAgain = visitorAt({ ...left, id: 'screen at 127.0.0.2' });
    expect(heardBy({ reader: 'door', shownAt: 'left' })).toEqual(['own', null, null, 'own']);
    expect(hearing({ reader: 'door', shownAt: 'left' }, leftAgain)).toBe('own');
  });

  it('a reader given to a screen that is not open is heard at staff screens alone', () => {
    expect(heardBy({ reader: 'door', shownAt: 'lobby' })).toEqual([null, null, null, 'own']);
  });

  it('a reader given to no screen is shared by every visitor screen, and heard in full by staff', () => {
    expect(heardBy({ reader: 'door', shownAt: null })).toEqual(['shared', 'shared', 'shared', 'own']);
  });

  it('staff at the desk checking someone in by hand do not take a visitor screen over', () => {
    expect(heardBy({ screen: desk })).toEqual([null, null, null, 'own']);
  });

  it("staff's decision on a denial goes back where the denial was shown, for a screen not in use", () => {
    expect(heardBy({ after: { screen: left } })).toEqual(['shared', null, null, 'own']);
    expect(heardBy({ after: { reader: 'door', shownAt: 'right' } })).toEqual([null, 'shared', null, 'own']);
    expect(heardBy({ after: { reader: 'door', shownAt: null } })).toEqual(['shared', 'shared', 'shared', 'own']);
  });

  it('an event that began nowhere in particular (a reader unplugged, a new list) is heard everywhere', () => {
    expect(heardBy(undefined)).toEqual(['own', 'own', 'own', 'own']);
  });
});

describe('what a screen hears of an event', () => {
  const tap = { decision: 'admitted', member: { id: 'hw-0001', name: 'Inês Carvalho' } } as unknown as CheckinResult;

  it('nothing, when it is not for that screen; a shared tap marked as shared; its own as it is', () => {
    expect(heardAt(visitorAt(right), 'checkin', tap, { reader: 'door', shownAt: 'left' })).toBeUndefined();
    expect(heardAt(visitorAt(right), 'checkin', tap, { reader: 'door', shownAt: null })).toEqual({ ...tap, shared: true });
    expect(heardAt(visitorAt(left), 'checkin', tap, { reader: 'door', shownAt: 'left' })).toEqual(tap);
  });

  it("a staff badge's sign-in ticket still goes only to screens of the kiosk's own machine", () => {
    const staffTap = { decision: 'staff', staffTicket: 't1' } as unknown as CheckinResult;
    expect(heardAt(visitorAt(left), 'checkin', staffTap, { reader: 'door', shownAt: null })).toEqual({ ...staffTap, shared: true });
    expect(heardAt(visitorAt(unnamed), 'checkin', staffTap, { reader: 'door', shownAt: null })).toEqual({ decision: 'staff', shared: true });
  });
});

describe('which visitor screens show a shared tap', () => {
  it('a screen showing nothing of its own (welcome, a result, a message) shows it', () => {
    const idle: ShownScreen[] = [{ name: 'welcome' }, { name: 'result', result: {} as CheckinResult }, { name: 'staffCalled' }, { name: 'tapNotSaved' }];
    expect(idle.map(takesSharedTap)).toEqual([true, true, true, true]);
  });

  it('a screen where a visitor is typing (the day-pass form, a badge number, a PIN) keeps what they typed', () => {
    const busy: ShownScreen[] = [{ name: 'guest', from: null }, { name: 'typeBadge' }, { name: 'staffSignIn' }, { name: 'exitKiosk' }];
    expect(busy.map(takesSharedTap)).toEqual([false, false, false, false]);
  });
});

describe("a reader's screen in the readers setting", () => {
  const reader = (screen: string) => [{ id: 'desk', type: 'serial', path: '/dev/ttyUSB0', protocol: 'em4100', screen }];

  it('is a name a page could give itself, or it is refused saying what a name may hold', () => {
    expect(ReaderConfigs.parse(reader('entrance-left'))[0]).toMatchObject({ screen: 'entrance-left' });
    const refused = ReaderConfigs.safeParse(reader('front desk'));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({
      path: [0, 'screen'],
      message: 'may hold only letters, digits, ".", "_" and "-", at most 40 of them',
    });
  });
});
