import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRegistryAlliance, ONLINE_KEY } from '../../bench/registry-data.js';
import { demoFeed } from '../../service/demo-data.js';
import { registry, startRegistry, type RunningRegistry } from '../fixtures/registry-server.js';
import { useTempDir } from '../fixtures/temp.js';
import { until } from '../fixtures/wait.js';
import { checkPublication, pub } from './registry-fixture.js';

const tempDir = useTempDir();
const running: RunningRegistry[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

/**
 * A service manager stops `registry serve` with SIGTERM in the middle of a publication: the
 * process finishes it and exits 0, rather than ending with Node's "unsettled top-level await"
 * (13) while its writer thread is cut off half-way through the feed.
 */
describe('registry serve stopped by SIGTERM', () => {
  it('finishes the publication it is writing, then exits 0', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    await makeRegistryAlliance(dir, 200_000, demoFeed().spaces);
    const publicKey = createPublicKey(createPrivateKey(fs.readFileSync(path.join(dir, ONLINE_KEY)))).export({ format: 'jwk' }).x!;
    const server = await startRegistry(dir);
    running.push(server);
    const exit = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    const space = demoFeed().spaces[0]!.id;
    const removed = await registry(['space', 'remove', space, '--dir', dir]);
    expect(removed.code, removed.stderr).toBe(0);
    await until(
      () => `the registry to be writing feed 2: ${fs.readdirSync(path.join(dir, 'pub')).join(' ')}\n${server.output()}`,
      () => fs.existsSync(pub(dir, '.tmp-feed-2.json')),
      30_000,
      2,
    );
    process.kill(server.process.pid!, 'SIGTERM');
    expect(await exit, server.output()).toBe(0);
    const two = await checkPublication(dir, publicKey, 2);
    expect(two.timestamp.sequence).toBe(2);
    expect(fs.readdirSync(path.join(dir, 'pub')).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
  });
});
