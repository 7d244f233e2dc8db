import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { useTempDir } from '../fixtures/temp';
import { Screen } from './screen';
import { serve } from './serve-process';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('the export download', () => {
  it('with no room for its temporary file: answered 500 with the reason, and the kiosk goes on', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const setup = Kiosk.open(db);
    await installDemo(setup);
    const maria = setup.staff.add({ name: 'Maria Manager', role: 'manager', pin: '482193' });
    await setup.close();
    const broken = await serve(db, [], { TMPDIR: path.join(dir, 'no-such-folder') });
    cleanup.push(() => broken.kill('SIGKILL'));
    const screen = await Screen.open(broken.url);
    cleanup.push(() => screen.close());
    expect(await screen.call('signIn', { staffId: maria.id, pin: '482193' })).toMatchObject({ ok: true });
    const prepared = await screen.call('prepareExport', { from: '2026-01-01', to: '2026-01-31' });
    const { url } = prepared.result as { url: string };
    const response = await fetch(new URL(url, broken.url));
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/^The export failed: .*no-such-folder/);
    expect(broken.child.exitCode).toBe(null);
    expect((await fetch(broken.url)).status).toBe(200);
  });
});
