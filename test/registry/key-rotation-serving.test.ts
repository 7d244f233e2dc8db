import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeysDocument, Manifest, Timestamp } from '../../core/registry/documents';
import { openEnvelope } from '../../core/registry/envelope';
import { sha256Hex } from '../../registry/publish/sign';
import { enrol, makeRegistry, registry, signedFetch, startRegistry, type RunningRegistry } from '../fixtures/registry-server';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';

const tempDir = useTempDir();
const running: RunningRegistry[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

describe('rotating the online key while the registry serves', { timeout: 90_000 }, () => {
  it('signs the keys document, the timestamp and the next publication with the new key, without a restart', async () => {
    const dir = tempDir();
    const codes = await makeRegistry(dir, ['cedar']);
    const server = await startRegistry(dir);
    running.push(server);
    const kiosk = await enrol(server.url, codes.cedar!);
    const timestamp = async () => {
      const reply = await signedFetch(server.url, kiosk, '/v1/timestamp');
      return reply.status === 200 ? { text: reply.text, document: Timestamp.parse(JSON.parse((reply.json as { signed: string }).signed)) } : null;
    };
    await until('the first publication', async () => (await timestamp()) !== null, 20_000, 100);

    const rotated = await registry(['key', 'rotate', '--dir', dir, '--root-key', path.join(dir, 'keys', 'root.key')]);
    expect(rotated).toMatchObject({ code: 0, stderr: '' });
    expect(rotated.stdout).toContain('the online key is now version 2');

    // What a kiosk does: the new keys document, checked by the root it pinned, names the key that signs from now on.
    let online = '';
    await until(
      'the registry to serve keys document version 2',
      async () => {
        const keys = await (await fetch(`${server.url}/v1/keys`)).json();
        const opened = await openEnvelope(keys, JSON.parse((keys as { signed: string }).signed).root, KeysDocument, 'keys');
        online = opened.ok ? opened.document.online : '';
        return opened.ok && opened.document.version === 2;
      },
      20_000,
      100,
    );
    // Kiosks behind follow by the next publication, whose manifest the new key signs and the timestamp names.
    await until(
      'a publication signed by the new key',
      async () => {
        const latest = await timestamp();
        if (latest?.document.keyVersion !== 2 || !(await openEnvelope(JSON.parse(latest.text), online, Timestamp, 'timestamp')).ok) return false;
        const manifest = await signedFetch(server.url, kiosk, `/v1/manifest/${latest.document.sequence}`);
        return sha256Hex(manifest.text) === latest.document.manifestSha256 && (await openEnvelope(manifest.json, online, Manifest, 'manifest')).ok;
      },
      20_000,
      100,
    );
    expect(server.output()).toContain('the online key is now version 2: the registry signs with it from now on');
  });
});
