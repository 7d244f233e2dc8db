import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { expectUnchanged, useServiceKiosk } from './service-kiosk';

const { kiosk } = useServiceKiosk();

describe('installing a visa list', () => {
  describe('signed feeds', () => {
    const keys = crypto.generateKeyPairSync('ed25519');
    const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const sign = (bytes: string) => crypto.sign(null, Buffer.from(bytes), keys.privateKey).toString('base64');

    it('installs a feed whose signature matches the configured key', async () => {
      const { service } = await kiosk();
      service.settings.set({ key: 'visa.publicKey', value: publicKeyPem });
      const feed = feedBytes(smallFeed({ sequence: 11 }));
      expect(await service.visaList.importFeed({ feed, signature: sign(feed) })).toMatchObject({ sequence: 11, signed: true });
    });

    it('reads a signature wrapped over lines, as base64 and openssl base64 write it', async () => {
      const { service } = await kiosk();
      service.settings.set({ key: 'visa.publicKey', value: publicKeyPem });
      const feed = feedBytes(smallFeed({ sequence: 11 }));
      const wrapped = `${sign(feed)
        .match(/.{1,64}/g)!
        .join('\n')}\n`;
      expect(wrapped.split('\n').length).toBeGreaterThan(2);
      expect(await service.visaList.importFeed({ feed, signature: wrapped })).toMatchObject({ sequence: 11, signed: true });
    });

    it('refuses a tampered byte, a missing signature and another key, and keeps the old list', async () => {
      const { service } = await kiosk();
      service.settings.set({ key: 'visa.publicKey', value: publicKeyPem });
      const feed = feedBytes(smallFeed({ sequence: 11 }));
      const signature = sign(feed);
      await expect(service.visaList.importFeed({ feed: feed.replace('Ada Lovelace', 'Ada Lovelacf'), signature })).rejects.toThrow(/signature does not match/);
      await expect(service.visaList.importFeed({ feed })).rejects.toThrow(/not signed, and a public key is configured/);
      const other = crypto.generateKeyPairSync('ed25519').privateKey;
      await expect(service.visaList.importFeed({ feed, signature: crypto.sign(null, Buffer.from(feed), other).toString('base64') })).rejects.toThrow(
        /signature does not match/,
      );
      await expect(service.visaList.importFeed({ feed, signature: 'c2hvcnQ=' })).rejects.toThrow(/not a base64 Ed25519 signature/);
      expectUnchanged(service);
    });

    it('refuses a key that is not Ed25519', async () => {
      const { service } = await kiosk();
      const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const feed = feedBytes(smallFeed({ sequence: 11 }));
      await expect(service.visaList.importFeed({ feed, signature: sign(feed) }, { publicKeyPem: rsa })).rejects.toThrow(/public key is rsa, not Ed25519/);
    });

    it('refuses to set visa.publicKey to a key that could verify nothing: another type, or garbage between the PEM lines', async () => {
      const { service } = await kiosk();
      const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(() => service.settings.set({ key: 'visa.publicKey', value: rsa })).toThrow(/^visa.publicKey is rsa, not Ed25519$/);
      expect(() => service.settings.set({ key: 'visa.publicKey', value: '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----' })).toThrow(
        /^visa.publicKey is not a readable PEM public key$/,
      );
      expect(service.settings.get({ key: 'visa.publicKey' })).toBeNull();
      expect(service.settings.set({ key: 'visa.publicKey', value: publicKeyPem })).toBe(publicKeyPem);
    });
  });
});
