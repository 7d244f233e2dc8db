import { describe, expect, it } from 'vitest';
import { Nonces, NONCE_LIFETIME_SECONDS } from '../../registry/store/nonces';
import { openRegistryDb } from '../../registry/store/open';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

describe('nonces of signed requests', () => {
  it('refuse a nonce seen before by the same kiosk, not by another, and forget it after ten minutes', () => {
    const db = openRegistryDb(tempDir(), { create: true });
    const nonces = new Nonces(db, 1_000);
    try {
      expect(nonces.remember('k-a', 'n1', 1_000)).toBe(true);
      expect(nonces.remember('k-a', 'n1', 1_001)).toBe(false);
      expect(nonces.remember('k-b', 'n1', 1_001)).toBe(true);
      expect(nonces.remember('k-a', 'n1', 1_000 + NONCE_LIFETIME_SECONDS)).toBe(true);
    } finally {
      nonces.close();
      db.close();
    }
  });

  it('are written down, so a new process refuses them too, and old ones are dropped from the table', () => {
    const dir = tempDir();
    const db = openRegistryDb(dir, { create: true });
    const first = new Nonces(db, 1_000);
    first.remember('k-a', 'old', 1_000);
    first.remember('k-a', 'new', 1_500);
    first.flush(1_500);
    const second = new Nonces(db, 1_500);
    try {
      expect(second.remember('k-a', 'new', 1_500)).toBe(false);
      const later = 1_000 + NONCE_LIFETIME_SECONDS + 1;
      second.remember('k-b', 'later', later);
      second.flush(later);
      expect(db.prepare('SELECT nonce FROM nonces ORDER BY nonce').pluck().all()).toEqual(['later', 'new']);
    } finally {
      first.close();
      second.close();
      db.close();
    }
  });
});
