import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRegistryAlliance, ONLINE_KEY, writeRoster } from '../../bench/registry-data.js';
import { Publisher } from '../../registry/publish/publisher.js';
import { openRegistryDb } from '../../registry/store/open.js';
import { demoFeed } from '../../service/demo-data.js';
import { useTempDir } from '../fixtures/temp.js';
import { until } from '../fixtures/wait.js';
import { checkPublication, pub } from './registry-fixture.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// A build of its own, so the bench smoke test rebuilding out/bench/ at the same time cannot pull it away.
const OUT = path.join(ROOT, 'out', 'publish-kill-test');
const CHILD = path.join(OUT, 'publish-child.js');
const MEMBERS = 200_000;
const tempDir = useTempDir();

describe('a publication killed half-way', () => {
  beforeAll(async () => {
    const built = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(ROOT, 'bench', 'vite.config.ts'), '--outDir', OUT],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (built.status !== 0) throw new Error(`the publisher's process did not build: ${built.stderr}`);
  }, 120_000);

  it('leaves the previous sequence whole and current; at the next start the same changes are published', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    await makeRegistryAlliance(dir, MEMBERS, demoFeed().spaces);
    const roster = path.join(dir, 'roster.json');
    writeRoster(roster, MEMBERS);

    // The registry's publisher in a process of its own (the bench's), killed while it writes the next feed.
    const child = spawn(process.execPath, [CHILD, 'publish', dir, roster], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const temp = pub(dir, '.tmp-feed-2.json');
    await until('the publication to be writing feed 2', () => fs.existsSync(temp) && fs.statSync(temp).size > 1_000_000, 120_000, 2);
    child.kill('SIGKILL');
    await exited;

    expect(fs.readdirSync(path.join(dir, 'pub'))).toContain('.tmp-feed-2.json');
    const timestamp = JSON.parse((JSON.parse(fs.readFileSync(pub(dir, 'timestamp.json'), 'utf8')) as { signed: string }).signed) as { sequence: number };
    expect(timestamp.sequence).toBe(1);
    expect(fs.existsSync(pub(dir, 'feed-1.json')) && fs.existsSync(pub(dir, 'manifest-1.json'))).toBe(true);
    const look = new Database(path.join(dir, 'registry.db'), { readonly: true });
    expect(look.prepare('SELECT max(sequence) FROM publications').pluck().get()).toBe(1);
    const waiting = look.prepare('SELECT count(*), max(id) FROM changes WHERE published_in IS NULL').raw().get() as [number, number];
    look.close();
    expect(waiting[0]).toBe(1951); // 500 added, 950 changed, 500 removed, and the roster's summary line

    const key = createPrivateKey(fs.readFileSync(path.join(dir, ONLINE_KEY)));
    const publicKey = createPublicKey(key).export({ format: 'jwk' }).x!;
    const db = openRegistryDb(dir);
    const publisher = Publisher.start({ db, dir, key, keyVersion: 1, settleMs: 0 });
    try {
      expect(fs.readdirSync(path.join(dir, 'pub')).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
      expect(await publisher.published(waiting[1])).toBe(2);
    } finally {
      await publisher.close();
      db.close();
    }
    const two = await checkPublication(dir, publicKey, 2);
    expect(two.timestamp.sequence).toBe(2);
    expect(two.feed.members).toHaveLength(MEMBERS);
    expect(two.delta!.members.remove).toHaveLength(500);
    expect(two.delta!.members.upsert).toHaveLength(1450);
    expect(two.feed.members.find((m) => m.id === 'm-510')?.email).toBe('m510@new.example.org');
  });
});
