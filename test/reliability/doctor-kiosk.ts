import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { CheckResult } from '../../service/doctor/check';
import { Kiosk, type KioskOptions } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

export const NOW = new Date('2026-11-21T12:00:00Z');
const keys = crypto.generateKeyPairSync('ed25519');
export const PUBLIC_KEY = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** Kiosks on databases in folders of their own, closed (those in `open`) and removed after each test. */
export function useDoctorKiosks() {
  const tempDir = useTempDir();
  const open: Kiosk[] = [];
  afterEach(async () => {
    for (const service of open.splice(0)) await service.close();
  });

  /** A kiosk at Harbour Works with the small list installed (signed when asked). */
  async function kiosk(options: KioskOptions & { signed?: boolean; list?: boolean } = {}): Promise<Kiosk> {
    const db = path.join(tempDir(), 'kiosk.db');
    const service = Kiosk.open(db, options);
    open.push(service);
    if (options.list !== false) {
      const feed = feedBytes(smallFeed({ generatedAt: '2026-11-21T09:00:00Z' }));
      await service.visaList.importFeed(
        { feed, ...(options.signed && { signature: crypto.sign(null, Buffer.from(feed), keys.privateKey).toString('base64') }) },
        options.signed ? { publicKeyPem: PUBLIC_KEY } : {},
      );
      service.settings.set({ key: 'space.id', value: 'harbour' });
    }
    return service;
  }
  return { tempDir, kiosk, open };
}

/** The one result a single check gave. */
export const only = (results: CheckResult[]) => {
  expect(results).toHaveLength(1);
  return results[0]!;
};
