import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimRunning, KIOSK } from '../../db/running-claim';
import { visaKiosk } from '../fixtures/cli';
import { makeRegistry, registry, startRegistry } from '../fixtures/registry-server';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { useNotSavedSetUp } from './not-saved';

const { cleanup } = useNotSavedSetUp();
const tempDir = useTempDir();

describe('one running kiosk per database, one running registry per folder', () => {
  it('a second serve on the same database is refused, naming the one running; commands still work; a killed kiosk leaves no claim behind', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const first = await startServe(db, ['--demo']);
    cleanup.push(first.stop);

    const second = await visaKiosk(['--db', db, 'serve', '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(
      new RegExp(
        `^visa-kiosk serve: .*kiosk\\.db is in use by a running kiosk \\(process ${first.process.pid}, running since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\): stop it first, or give this one a database of its own \\(--db\\)\\n$`,
      ),
    );
    // The running kiosk is untouched, and a command that runs and ends is not refused.
    expect((await fetch(first.url)).status).toBe(200);
    expect(await visaKiosk(['--db', db, 'checkin', 'HW-0001', '--json'])).toMatchObject({ code: 0, stdout: expect.stringContaining('"decision":"admitted"') });

    // Power lost: the system drops the claim with the process.
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));
    const after = await startServe(db);
    cleanup.push(after.stop);
    expect((await fetch(after.url)).status).toBe(200);
  }, 30_000);

  it('a second registry serve on the same folder is refused, naming the one running; the coordinator’s commands still work', async () => {
    const dir = tempDir();
    await makeRegistry(dir);
    const first = await startRegistry(dir);
    cleanup.push(first.stop);
    const second = await registry(['serve', '--dir', dir, '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `is in use by a running registry \\(process ${first.process.pid}, running since [^)]+ UTC\\): stop it first, or give this one a folder of its own \\(--dir\\)\\n$`,
      ),
    );
    expect((await fetch(`${first.url}/v1/directory`)).status).toBe(200);
    expect(await registry(['space', 'list', '--dir', dir])).toMatchObject({ code: 0 });
  }, 30_000);

  it('a claim given back (the kiosk closed) can be taken again; while held, a second is refused, in the same process too and through a link to the database', () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    fs.writeFileSync(db, '');
    const claim = claimRunning(db, KIOSK, new Date('2026-12-05T08:30:00Z'));
    // Nobody else may open it: a read lock held by another user would keep every kiosk from starting.
    expect(fs.statSync(`${db}-running`).mode & 0o777).toBe(0o600);
    expect(() => claimRunning(db, KIOSK)).toThrow(`${db} is in use by a running kiosk (process ${process.pid}, running since 2026-12-05 08:30 UTC)`);
    const link = path.join(tempDir(), 'same.db');
    fs.symlinkSync(db, link);
    expect(() => claimRunning(link, KIOSK)).toThrow(`${link} is in use by a running kiosk`);
    claim.release();
    claimRunning(link, KIOSK).release();
  });

  it('a claim file that is not one (another program wrote over it) is named, with what to do', () => {
    const db = path.join(tempDir(), 'kiosk.db');
    fs.writeFileSync(db, '');
    fs.writeFileSync(`${db}-running`, 'x'.repeat(4096));
    expect(() => claimRunning(db, KIOSK)).toThrow(
      `cannot tell whether another kiosk runs on ${db}: ${db}-running (file is not a database): remove that file, then start again`,
    );
    fs.rmSync(`${db}-running`);
    claimRunning(db, KIOSK).release();
  });
});
