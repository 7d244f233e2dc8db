import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDoctor } from '../../service/doctor/doctor';
import { printerCheck } from '../../service/doctor/printer-check';
import { builtFile } from '../fixtures/built';
import { visaKiosk } from '../fixtures/cli';
import { CupsServer } from '../fixtures/cups';
import { freePort } from '../fixtures/servers';
import { useDoctorKiosks } from './doctor-kiosk';

const { tempDir, kiosk } = useDoctorKiosks();
const isRoot = process.getuid?.() === 0;

/** The printer check asks the kiosk's own spooler process, as `visa-kiosk doctor` does, of a private CUPS server. */
describe.skipIf(!isRoot)('doctor: the printer check, on a real CUPS server', () => {
  const cups = new CupsServer();
  const printing = () => kiosk({ list: false, spooler: { file: builtFile('spooler-process.js') } });

  beforeAll(async () => {
    await cups.start();
    await cups.addQueue('badges', 'socket://127.0.0.1:9', ['-D', 'QL-820']);
  });
  afterAll(() => cups.stop());
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('skips with none configured, passes a ready queue, fails a missing, stopped or refusing one', async () => {
    // The spooler process reads CUPS_SERVER when it starts, with the kiosk's first printer call.
    vi.stubEnv('CUPS_SERVER', cups.server);
    const service = await printing();
    expect(printerCheck(await service.badges.printerStatus())).toMatchObject({
      check: 'printer',
      status: 'skip',
      detail: expect.stringMatching(/^no printer configured/),
    });
    service.settings.set({ key: 'printer.name', value: 'badges' });
    expect(printerCheck(await service.badges.printerStatus())).toEqual({ check: 'printer', status: 'pass', detail: 'badges is ready: pdf badges, 62x100mm' });
    service.settings.set({ key: 'printer.name', value: 'other' });
    expect(printerCheck(await service.badges.printerStatus())).toEqual({
      check: 'printer',
      status: 'fail',
      detail: 'no printer queue named "other"; the queues are: badges',
    });
    service.settings.set({ key: 'printer.name', value: 'badges' });
    await cups.disable('badges');
    try {
      expect(printerCheck(await service.badges.printerStatus())).toEqual({ check: 'printer', status: 'fail', detail: 'badges is stopped' });
      await cups.tool('cupsreject', ['badges']);
      expect(printerCheck(await service.badges.printerStatus())).toEqual({
        check: 'printer',
        status: 'fail',
        detail: 'badges is stopped (not accepting jobs)',
      });
    } finally {
      await cups.tool('cupsaccept', ['badges']);
      await cups.enable('badges');
    }
  });

  it('fails on its own line, saying so, when CUPS is not running; the other checks still run', async () => {
    vi.stubEnv('CUPS_SERVER', `127.0.0.1:${await freePort()}`);
    const service = await printing();
    service.settings.set({ key: 'printer.name', value: 'badges' });
    const results = await runDoctor(service, { now: () => new Date() });
    expect(results.map((r) => r.check)).toEqual(['database', 'database file', 'disk', 'clock', 'space', 'visa list', 'readers', 'printer', 'backups']);
    expect(results.find((r) => r.check === 'printer')).toEqual({
      check: 'printer',
      status: 'fail',
      detail: 'cannot list printer queues: CUPS, the print spooler, is not running (start it: sudo systemctl start cups)',
    });
  });

  it('visa-kiosk doctor prints the printer line from the spooler process', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    const run = (...args: string[]) => visaKiosk(['--db', db, ...args], { env: { CUPS_SERVER: cups.server } });
    expect((await run('config', 'set', 'printer.name', 'badges')).code).toBe(0);
    const result = await run('doctor');
    expect(result.stdout).toMatch(/^PASS {2}printer +badges is ready: pdf badges, 62x100mm$/m);
    const missing = await run('config', 'set', 'printer.name', 'front-desk');
    expect(missing.code).toBe(0);
    expect((await run('doctor')).stdout).toMatch(/^FAIL {2}printer +no printer queue named "front-desk"; the queues are: badges$/m);
  });
});
