import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeysDocument } from '../../core/registry/documents';
import { openEnvelope } from '../../core/registry/envelope';
import { newKeyPair, onlineKeyPath, publicKeyText, readPrivateKey, rootKeyPath, writePrivateKey } from '../../registry/keys/key-files';
import { loadKeys, signKeysDocument, writeKeysDocument } from '../../registry/keys/keys-document';
import { makeKeys, rotateOnlineKey } from '../../registry/keys/lifecycle';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

describe('registry keys', () => {
  it('load without the root key, and say whether it is still on the server', async () => {
    const dir = tempDir();
    makeKeys(dir, 'Alliance');
    expect((await loadKeys(dir)).rootOnServer).toBe(true);
    fs.renameSync(rootKeyPath(dir), path.join(dir, 'root.offline'));
    const keys = await loadKeys(dir);
    expect(keys).toMatchObject({ rootOnServer: false, document: { version: 1, alliance: 'Alliance' } });
    expect(await openEnvelope(keys.envelope, keys.document.root, KeysDocument, 'keys document')).toMatchObject({ ok: true });
  });

  it('refuse to start with an online key the document does not name', async () => {
    const dir = tempDir();
    makeKeys(dir, 'Alliance');
    writePrivateKey(onlineKeyPath(dir), newKeyPair());
    await expect(loadKeys(dir)).rejects.toThrow(
      `${onlineKeyPath(dir)} is not the online key that ${path.join(dir, 'keys', 'keys.json')} names: restore the matching pair`,
    );
  });

  it('refuse a keys document signed by anything but the root it names', async () => {
    const dir = tempDir();
    makeKeys(dir, 'Alliance');
    const root = readPrivateKey(rootKeyPath(dir), 'root key');
    const forged = signKeysDocument(newKeyPair(), readPrivateKey(onlineKeyPath(dir), 'online key'), 'Alliance', 2);
    writeKeysDocument(dir, { signed: forged.signed.replace(/"root":"[^"]+"/, `"root":"${publicKeyText(root)}"`), sig: forged.sig });
    await expect(loadKeys(dir)).rejects.toThrow(/keys document's signature does not match/);
  });

  it('finish a rotation cut short between the new document and the new key', async () => {
    const dir = tempDir();
    makeKeys(dir, 'Alliance');
    const root = readPrivateKey(rootKeyPath(dir), 'root key');
    const staged = newKeyPair();
    // As rotateOnlineKey leaves it if the power goes before its last rename.
    writePrivateKey(`${onlineKeyPath(dir)}.new`, staged);
    writeKeysDocument(dir, signKeysDocument(root, staged, 'Alliance', 2));
    const keys = await loadKeys(dir);
    expect(keys.document.version).toBe(2);
    expect(publicKeyText(keys.online)).toBe(publicKeyText(staged));
    expect(fs.existsSync(`${onlineKeyPath(dir)}.new`)).toBe(false);
    expect((await rotateOnlineKey(dir, rootKeyPath(dir))).version).toBe(3);
  });

  it('name the online keys retired within a pass lifetime in each new document, older ones no more', async () => {
    const dir = tempDir();
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
    makeKeys(dir, 'Alliance', day(0));
    const online = async () => publicKeyText((await loadKeys(dir)).online);
    const v1 = await online();
    await rotateOnlineKey(dir, rootKeyPath(dir), day(2));
    const v2 = await online();
    await rotateOnlineKey(dir, rootKeyPath(dir), day(5));
    expect((await loadKeys(dir)).document.retired).toEqual([
      { online: v1, version: 1, retiredAt: day(2).toISOString() },
      { online: v2, version: 2, retiredAt: day(5).toISOString() },
    ]);
    const v3 = await online();
    // 33 days after v1 was retired no pass it signed can be valid; one v2 signed (retired 30 days before) may still be.
    await rotateOnlineKey(dir, rootKeyPath(dir), day(35));
    const keys = await loadKeys(dir);
    expect(keys.document.retired).toEqual([
      { online: v2, version: 2, retiredAt: day(5).toISOString() },
      { online: v3, version: 3, retiredAt: day(35).toISOString() },
    ]);
    expect(await openEnvelope(keys.envelope, keys.document.root, KeysDocument, 'keys document')).toMatchObject({ ok: true });
  });
});
