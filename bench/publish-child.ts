import { createPrivateKey, createHash, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { fsyncFile } from '../db/durable.js';
import { Publisher } from '../registry/publish/publisher.js';
import { replaceRoster } from '../registry/store/members.js';
import { openRegistryDb } from '../registry/store/open.js';
import { ONLINE_KEY, ROSTER_SPACE } from './registry-data.js';

/**
 * The publish figure's two sides, each in a process of its own so its peak memory is its own:
 * `publish DIR ROSTER` replaces a space's roster as the registry does and waits for the signed
 * sequence on disk; `baseline FEED OUT` writes, gzips and signs the same bytes with nothing else
 * to do. Each prints one JSON line with its milliseconds.
 */
async function publishRoster(dir: string, rosterFile: string) {
  const { members } = JSON.parse(fs.readFileSync(rosterFile, 'utf8')) as { members: unknown[] };
  const key = createPrivateKey(fs.readFileSync(path.join(dir, ONLINE_KEY)));
  const db = openRegistryDb(dir);
  const started = performance.now();
  const outcome = replaceRoster(db, { space: ROSTER_SPACE, actor: 'kiosk:bench', members });
  const rosterMs = performance.now() - started;
  const publisher = Publisher.start({ db, dir, key, keyVersion: 1 });
  const sequence = await publisher.published(outcome.changeId);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage();
  await publisher.close();
  db.close();
  return { ms, rosterMs, cpuMs: (cpu.user + cpu.system) / 1000, sequence, added: outcome.added, changed: outcome.changed, removed: outcome.removed };
}

async function baseline(feedFile: string, out: string) {
  const bytes = fs.readFileSync(feedFile);
  const key = createPrivateKey(fs.readFileSync(path.join(path.dirname(path.dirname(feedFile)), ONLINE_KEY)));
  const started = performance.now();
  fs.writeFileSync(out, bytes);
  fsyncFile(out);
  const gz = await promisify(zlib.gzip)(bytes);
  fs.writeFileSync(`${out}.gz`, gz);
  fsyncFile(`${out}.gz`);
  const document = JSON.stringify({
    feed: createHash('sha256').update(bytes).digest('hex'),
    feedGz: createHash('sha256').update(gz).digest('hex'),
  });
  fs.writeFileSync(`${out}.sig`, sign(null, Buffer.from(document), key).toString('base64'));
  return { ms: performance.now() - started, bytes: bytes.length, gzBytes: gz.length };
}

const [mode, a, b] = process.argv.slice(2);
const result = mode === 'publish' ? await publishRoster(a!, b!) : await baseline(a!, b!);
process.stdout.write(`${JSON.stringify(result)}\n`);
