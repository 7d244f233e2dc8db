import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskService } from '../../service/kiosk-service';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

function kiosk() {
  const clock = { now: new Date('2026-11-21T10:00:00Z') };
  const service = KioskService.open(path.join(tempDir(), 'kiosk.db'), { now: () => clock.now });
  service.addStaff({ name: 'Maria Manager', role: 'manager', pin: '482193' });
  service.addStaff({ name: 'Sam Staff', role: 'staff', pin: '1111' });
  return { service, clock };
}

describe('manager PIN', () => {
  it('accepts a manager’s PIN, and not a staff member’s or a wrong one', () => {
    const { service } = kiosk();
    expect(service.verifyManagerPin('482193')).toBe(true);
    expect(service.verifyManagerPin('1111')).toBe(false);
    expect(service.verifyManagerPin('0000')).toBe(false);
    expect(service.verifyManagerPin('not a pin')).toBe(false);
  });

  it('locks PIN entry for five minutes after five wrong PINs, even the right PIN', () => {
    const { service, clock } = kiosk();
    for (let i = 0; i < 5; i++) expect(service.verifyManagerPin('9999')).toBe(false);
    expect(() => service.verifyManagerPin('482193')).toThrow('PIN entry is locked after 5 wrong PINs: try again in 5 minutes');
    clock.now = new Date('2026-11-21T10:04:01Z');
    expect(() => service.verifyManagerPin('482193')).toThrow(/try again in 1 minute$/);
    clock.now = new Date('2026-11-21T10:05:01Z');
    expect(service.verifyManagerPin('482193')).toBe(true);
  });

  it('a right PIN resets the count of wrong ones', () => {
    const { service } = kiosk();
    for (let i = 0; i < 4; i++) service.verifyManagerPin('9999');
    expect(service.verifyManagerPin('482193')).toBe(true);
    for (let i = 0; i < 4; i++) service.verifyManagerPin('9999');
    expect(service.verifyManagerPin('482193')).toBe(true);
  });

  it('keeps the lock across a restart of the kiosk', async () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const first = KioskService.open(file);
    first.addStaff({ name: 'Maria Manager', role: 'manager', pin: '482193' });
    for (let i = 0; i < 5; i++) first.verifyManagerPin('9999');
    await first.close();
    const second = KioskService.open(file);
    expect(() => second.verifyManagerPin('482193')).toThrow(/locked/);
    await second.close();
  });
});
