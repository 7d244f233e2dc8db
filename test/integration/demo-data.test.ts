import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoFeed, installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { smallFeed } from '../fixtures/feeds';
import { RegistryStub } from '../fixtures/registry-stub';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

describe('the demo alliance', () => {
  it('is a valid feed of about fifty members in spaces on several continents', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    expect(await service.visaList.importFeed({ feed: JSON.stringify(demoFeed()) })).toMatchObject({ skipped: 0, spaces: 6, members: 50, credentials: 100 });
    await service.close();
    const feed = demoFeed();
    expect(feed.members.length).toBeGreaterThanOrEqual(45);
    expect(new Set(feed.spaces.map((s) => s.timezone)).size).toBeGreaterThanOrEqual(5);
    expect(feed.spaces.some((s) => !s.visa.accepts)).toBe(true);
    expect(feed.spaces.some((s) => s.visa.noticeHours > 0)).toBe(true);
    expect(feed.members.every((m) => m.credentials.some((c) => c.kind === 'rfid') && m.credentials.some((c) => c.kind === 'barcode'))).toBe(true);
  });

  it('loads only into an empty kiosk, and its badges show every kind of decision', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { now: () => new Date('2026-11-21T10:00:00Z') });
    expect(await installDemo(service, new Date('2026-11-21T10:00:00Z'))).toBe(true);
    expect(await installDemo(service)).toBe(false);
    const reason = (credential: string) => service.desk.checkin({ credential }, { dryRun: true }).reason;
    expect(reason('HW-0001')).toBe('member');
    expect(reason('CC-0001')).toBe('visa');
    expect(reason('CC-0005')).toBe('member_inactive');
    expect(reason('CC-0006')).toBe('membership_expired');
    expect(reason('KL-0001')).toBe('space_not_participating');
    expect(reason('XX-9999')).toBe('unknown_credential');
    const ada = service.desk.checkin({ credential: '2000A1B300' }, { dryRun: true });
    expect(ada.member?.name).toBe('Ada Lovelace');
    service.settings.set({ key: 'space.id', value: 'spreewerk' });
    expect(reason('CC-0001')).toBe('notice_required');
    await service.close();
  });

  it('leaves a kiosk joined to a registry alone, even one whose first sync failed: its list comes from there', async () => {
    const { sequence: _s, generatedAt: _g, ...base } = smallFeed();
    const stub = new RegistryStub(base);
    await stub.start();
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { registry: { stallTimeoutMs: 2000 } });
    try {
      stub.listDown = true;
      expect(await service.alliance.join(stub.url, stub.code('harbour'))).toMatchObject({ sync: null, syncError: expect.any(String) });
      expect(await installDemo(service)).toBe(false);
      expect(service.visaList.status().sequence).toBeNull();
      expect(service.settings.get({ key: 'space.id' })).toBe('harbour');
    } finally {
      await service.close();
      await stub.stop();
    }
  });

  it('is a fresh list whenever it is installed, not one that reads as out of date a week later', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    await installDemo(service);
    expect(service.visaList.status()).toMatchObject({ stale: false, staleReason: null });
    await service.close();
  });
});
