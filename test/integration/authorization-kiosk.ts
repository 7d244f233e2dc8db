/** Set-up shared by the authorization tests: a kiosk with staff accounts, and the methods that need a sign-in. */
import path from 'node:path';
import { METHODS, type MethodName } from '../../core/api';
import { Kiosk } from '../../service/kiosk';
import type { Screen } from '../../service/staff-access';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useMadeOnce } from '../fixtures/temp';

export const thisComputer: Screen = { id: 'this computer', local: true };
export const SAM = { staffId: 1, pin: '1111' };
export const MARIA = { staffId: 2, pin: '482193' };

const clockAt = () => ({ now: new Date('2026-11-21T10:00:00Z'), monotonic: 0 });

/** The kiosk's clock, in the test's hands. */
const opened = (file: string, clock: ReturnType<typeof clockAt>) => Kiosk.open(file, { now: () => clock.now, monotonic: () => clock.monotonic });

/**
 * A kiosk on a database of its own with its clock in the test's hands, one staff account and one
 * manager. The database is made once per test file (each PIN costs a scrypt hash) and copied for each test.
 */
export function useKiosk(): () => Promise<{ service: Kiosk; clock: ReturnType<typeof clockAt> }> {
  const staffed = useMadeOnce(async (dir) => {
    const service = opened(path.join(dir, 'kiosk.db'), clockAt());
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    service.staff.add({ name: 'Sam Staff', role: 'staff', pin: '1111', badge: 'AB:CD:EF:01' });
    service.staff.add({ name: 'Maria Manager', role: 'manager', pin: '482193' });
    await service.close();
  });
  return async () => {
    const clock = clockAt();
    return { service: opened(path.join((await staffed()).dir, 'kiosk.db'), clock), clock };
  };
}

export const privileged = (Object.keys(METHODS) as MethodName[]).filter((m) => METHODS[m].role !== 'kiosk');
export const managerOnly = privileged.filter((m) => METHODS[m].role === 'manager');
export const forbidden = { code: 'forbidden' };
