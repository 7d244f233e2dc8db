import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../service/dispatch';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';
import { STACK_LINE } from './faults';
import { Screen } from './screen';
import { serve } from './serve-process';

/**
 * Damaged pages in the kiosk's files, written over on disk: the visa list file (fetched again
 * whole, by itself) and the visit log (named, with the backup to restore).
 */

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A feed server that counts its requests and says whether each asked "changed since?". */
async function feedServer() {
  const requests: { conditional: boolean }[] = [];
  const body = feedBytes(smallFeed());
  const server = http.createServer((req, res) => {
    requests.push({ conditional: req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined });
    if (req.headers['if-none-match'] === '"v10"') {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v10"' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/list.json`, requests };
}

/** A kiosk at "harbour" whose list came from the feed server, closed. */
async function kioskOnFeed(url: string) {
  const file = path.join(tempDir(), 'kiosk.db');
  const service = Kiosk.open(file);
  service.settings.set({ key: 'visa.feedUrl', value: url });
  await service.visaList.sync();
  service.settings.set({ key: 'space.id', value: 'harbour' });
  service.desk.checkin({ credential: 'HW-1' });
  const listFile = path.join(path.dirname(file), service.db.prepare('SELECT list_file FROM sync_state').pluck().get() as string);
  await service.close();
  return { file, listFile };
}

/** Writes random bytes over pages of a file (every page after the first when `pages` is not given), as a failing disk would. */
function damagePages(file: string, pages?: number[]): void {
  const pageSize = 4096;
  const count = fs.statSync(file).size / pageSize;
  const fd = fs.openSync(file, 'r+');
  try {
    for (const page of pages ?? Array.from({ length: count - 1 }, (_, i) => i + 2))
      fs.writeSync(fd, crypto.randomBytes(pageSize), 0, pageSize, (page - 1) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}

describe('a damaged visa list file', () => {
  it('found at start: serve says so, fetches the whole list again by itself, and badges are recognised again', async () => {
    const feed = await feedServer();
    const { file, listFile } = await kioskOnFeed(feed.url);
    damagePages(listFile);
    const before = feed.requests.length;
    const kiosk = await serve(file, []);
    cleanup.push(() => kiosk.kill('SIGKILL'));
    const screen = await Screen.open(kiosk.url);
    cleanup.push(() => screen.close());
    // The start-up check reads every page on a worker while the kiosk already answers.
    await until('the damage to be found', () =>
      /the visa list file is damaged \(.*\): fetching the whole list again from http:\/\/127\.0\.0\.1:\d+\/list\.json/.test(kiosk.output()),
    );
    await until('the list to be fetched again', async () => ((await screen.call('kioskInfo')).result as { storage: unknown[] }).storage.length === 0);
    // The whole list, not only "has it changed?" (the scheduled sync may ask that first): the server would have said no.
    const asked = feed.requests.slice(before);
    expect(asked.filter((r) => !r.conditional).length).toBeGreaterThan(0);
    expect(await screen.call('checkin', { credential: 'CC-1' })).toMatchObject({ ok: true, result: { decision: 'admitted', member: { id: 'cc-1' } } });
    expect(fs.existsSync(listFile)).toBe(false);
    expect(kiosk.output()).not.toMatch(STACK_LINE);
  });

  it('found on use: the tap hears "not saved" (never "internal error"), staff hear why, and the list is fetched again', async () => {
    const feed = await feedServer();
    const { file, listFile } = await kioskOnFeed(feed.url);
    damagePages(listFile);
    const service = Kiosk.open(file);
    cleanup.push(() => service.close());
    const heard: unknown[] = [];
    service.events.on('storage', (problems) => heard.push(problems));
    const refused = await dispatch(service, 'checkin', { credential: 'CC-1' }, { session: null }).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'not_saved',
      message: "the check-in was not saved: a file of the kiosk's database is damaged; staff have been told",
    });
    expect(heard[0]).toEqual([
      {
        kind: 'listDamaged',
        since: expect.any(String),
        message: expect.stringMatching(/^the visa list file is damaged \(.*\): fetching the whole list again from http/),
      },
    ]);
    await until('the list to be fetched again', () => service.storage.problems().length === 0);
    expect(service.visaList.status()).toMatchObject({ sequence: 10, members: 6, lastError: null });
    await expect(dispatch(service, 'checkin', { credential: 'CC-1' }, { session: null })).resolves.toMatchObject({ decision: 'admitted' });
  });
});

describe('a damaged visit log', () => {
  it('serve says so at start and every screen is told which backup to restore', async () => {
    const feed = await feedServer();
    const { file } = await kioskOnFeed(feed.url);
    expect((await visaKiosk(['--db', file, 'backup'])).code).toBe(0);
    const backup = fs.readdirSync(path.join(path.dirname(file), 'backups')).find((name) => name.endsWith('.db') && !name.endsWith('.list.db'))!;
    const conn = new Database(file);
    const visitsPage = conn.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'visits'").pluck().get() as number;
    conn.close();
    damagePages(file, [visitsPage]);
    const kiosk = await serve(file, []);
    cleanup.push(() => kiosk.kill('SIGKILL'));
    const screen = await Screen.open(kiosk.url);
    cleanup.push(() => screen.close());
    const restore = `visa-kiosk restore ${path.join(path.dirname(file), 'backups', backup)} (the latest backup)`;
    // Found by the start-up check, which reads every page on a worker while the kiosk already answers.
    await until('the damage to be said', () => kiosk.output().includes(restore));
    expect(await screen.call('kioskInfo')).toMatchObject({
      ok: true,
      result: {
        storage: [
          {
            kind: 'visitLogDamaged',
            message: expect.stringMatching(
              new RegExp(`^the visit log ${file} is damaged \\(.*\\): check-ins may not be saved; stop the kiosk and restore a backup: `),
            ),
          },
        ],
      },
    });
    expect(kiosk.output()).not.toMatch(STACK_LINE);
    await kiosk.kill('SIGTERM');
    const doctor = await visaKiosk(['--db', file, 'doctor']);
    expect(doctor.stdout).toMatch(new RegExp(`^FAIL {2}database +${file} is damaged: .*; restore a backup: ${restore.replace(/[.()]/g, '\\$&')}$`, 'm'));
  });
});
