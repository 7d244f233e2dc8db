import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimRunning } from '../../db/running-claim';
import { visaKiosk } from '../fixtures/cli';
import { startServe } from '../fixtures/serve';
import { useTempDir } from '../fixtures/temp';
import { useNotSavedSetUp } from './not-saved';

const { cleanup } = useNotSavedSetUp();
const tempDir = useTempDir();

describe('one running kiosk per database', () => {
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

  it('a claim given back (the kiosk closed) can be taken again; while held, a second is refused in the same process too', () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const claim = claimRunning(db, new Date('2026-12-05T08:30:00Z'));
    expect(() => claimRunning(db)).toThrow(`${db} is in use by a running kiosk (process ${process.pid}, running since 2026-12-05 08:30 UTC)`);
    claim.release();
    claimRunning(db).release();
  });
});
