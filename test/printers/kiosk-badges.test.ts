import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BadgeStatus } from '../../core/api/printer';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { CAPTURE_SCHEME, CupsServer, installCaptureBackend, removeCaptureBackend } from '../fixtures/cups';
import { freePort } from '../fixtures/servers';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { until } from '../fixtures/wait';

const tempDir = useTempDir();
const isRoot = process.getuid?.() === 0;

/** The kiosk's side of printing: the visit first, the badge after, and a broken printer costs nobody their check-in. */
describe.skipIf(!isRoot)('visitor badges from the kiosk, on a real CUPS server', () => {
  const cups = new CupsServer();
  const capture = () => path.join(cups.dir, 'kiosk-capture.bin');

  beforeAll(async () => {
    installCaptureBackend();
    await cups.start();
    process.env.CUPS_SERVER = cups.server;
    await cups.addQueue('desk', `${CAPTURE_SCHEME}:${capture()}`);
  });
  afterAll(async () => {
    await cups.stop();
    removeCaptureBackend();
    delete process.env.CUPS_SERVER;
  });

  async function kiosk() {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    for (const [key, value] of Object.entries({ 'printer.name': 'desk', 'printer.format': 'zpl', 'printer.label': '4x3in', 'printer.timeoutSeconds': '3' }))
      service.settings.set({ key, value });
    const statuses: BadgeStatus[] = [];
    service.events.on('badgeStatus', (s) => statuses.push(s));
    const settled = async (visitId: number) => {
      await until(
        () => `an outcome for visit #${visitId}\n${cups.logTail()}`,
        () => statuses.some((s) => s.visitId === visitId && s.status !== 'pending'),
        15_000,
        25,
      );
      return statuses.filter((s) => s.visitId === visitId).at(-1)!;
    };
    const badgeStatus = (visitId: number) => (service.db.prepare('SELECT badge_status AS s FROM visits WHERE id = ?').get(visitId) as { s: string }).s;
    return { service, settled, badgeStatus };
  }

  it('logs the visit, answers at once with "badge pending", then prints the visitor’s badge', async () => {
    fs.writeFileSync(capture(), '');
    const { service, settled, badgeStatus } = await kiosk();
    const visit = service.desk.checkin({ credential: 'CC-1' });
    expect(visit).toMatchObject({ decision: 'admitted', badge: 'pending' });
    expect(badgeStatus(visit.visitId!)).toBe('pending');
    expect(await settled(visit.visitId!)).toMatchObject({ status: 'printed' });
    expect(badgeStatus(visit.visitId!)).toBe('printed');
    const bytes = fs.readFileSync(capture(), 'utf8');
    expect(bytes).toContain('^XA');
    expect(bytes).toContain('Ada Lovelace');
    expect(bytes).toContain(`visit:${visit.visitId}`);
    // Members of the space have badges of their own.
    expect(service.desk.checkin({ credential: 'HW-1' })).not.toHaveProperty('badge');
    await service.close();
  });

  it('lays the ZPL out for a 300 dpi Zebra once printer.dpi says so, so the badge prints at its full size', async () => {
    fs.writeFileSync(capture(), '');
    const { service, settled } = await kiosk();
    service.settings.set({ key: 'printer.dpi', value: '300' });
    const visit = service.desk.checkin({ credential: 'CC-1' });
    expect(await settled(visit.visitId!)).toMatchObject({ status: 'printed' });
    expect(fs.readFileSync(capture(), 'utf8')).toContain('\n^PW1200\n^LL900\n');
    await service.close();
  });

  it('a stopped queue times the badge out and marks the visit, never the check-in; a reprint works once it runs again', async () => {
    const { service, settled, badgeStatus } = await kiosk();
    await cups.disable('desk');
    const visit = service.desk.sellDayPass({ name: 'Grace Guest' });
    expect(visit.badge).toBe('pending');
    const outcome = await settled(visit.visitId);
    expect(outcome).toMatchObject({ status: 'failed', detail: expect.stringMatching(/timed out after 3 s/) });
    expect(badgeStatus(visit.visitId)).toBe('failed');
    // Why is kept with the visit: the Today page says it after a reload too.
    expect(service.desk.todaysVisits({}).find((v) => v.id === visit.visitId)).toMatchObject({
      decision: 'admitted',
      badgeStatus: 'failed',
      badgeReason: { state: 'timed_out_stopped', queue: 'desk', seconds: 3 },
    });
    expect((await service.badges.printerStatus()).detail).toMatch(/desk is stopped/);

    await cups.enable('desk');
    fs.writeFileSync(capture(), '');
    expect(await service.badges.reprint({ visitId: visit.visitId })).toMatchObject({ status: 'printed' });
    expect(badgeStatus(visit.visitId)).toBe('printed');
    expect(service.desk.todaysVisits({}).find((v) => v.id === visit.visitId)).toMatchObject({ badgeStatus: 'printed', badgeReason: null });
    expect(fs.readFileSync(capture(), 'utf8')).toContain('Grace Guest');
    expect((await service.badges.printerStatus()).detail).toBe('desk is ready');
    await service.close();
  });

  it('a badge still printing as `daypass` ends is marked not printed, the desk told and the command saying so; nothing is left "Printing…"', async () => {
    const { service } = await kiosk();
    service.settings.set({ key: 'printer.timeoutSeconds', value: '120' });
    service.settings.set({ key: 'desk.webhookUrl', value: 'http://127.0.0.1:9/hook' });
    const db = service.db.name;
    await service.close();
    await cups.disable('desk');
    try {
      const sold = await visaKiosk(['daypass', '--name', 'CLI Guest', '--json', '--db', db]);
      expect(sold.code).toBe(0);
      const { visitId } = JSON.parse(sold.stdout) as { visitId: number };
      expect(sold.stderr).toContain(`the badge for visit #${visitId} was still printing as the kiosk stopped: marked not printed (reprint from Today)`);
      const after = Kiosk.open(db);
      try {
        expect(after.desk.todaysVisits({}).find((v) => v.id === visitId)).toMatchObject({
          decision: 'admitted',
          badgeStatus: 'failed',
          badgeReason: { state: 'interrupted' },
        });
        expect(after.db.prepare("SELECT kind FROM outbox WHERE visit_id = ? AND kind = 'badge_failed'").all(visitId)).toHaveLength(1);
      } finally {
        await after.close();
      }
    } finally {
      await cups.enable('desk');
    }
  });

  it('visa-kiosk printers and print-badge, as an installer uses them', async () => {
    const env = { CUPS_SERVER: cups.server };
    const queues = await visaKiosk(['printers', '--json'], { env });
    expect(JSON.parse(queues.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'desk', acceptingJobs: true })]));
    fs.writeFileSync(capture(), '');
    const printed = await visaKiosk(
      ['print-badge', '--printer', 'desk', '--format', 'escpos', '--name', 'Émilie Côté', '--space', 'Harbour Works', '--kind', 'visa'],
      { env },
    );
    expect(printed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^printed \(job \d+\)/) });
    expect(fs.readFileSync(capture()).includes(Buffer.from('Harbour Works'))).toBe(true);
    fs.writeFileSync(capture(), '');
    const fine = await visaKiosk(['print-badge', '--printer', 'desk', '--format', 'zpl', '--label', '4x3in', '--dpi', '600', '--name', 'Ada Lovelace'], {
      env,
    });
    expect(fine).toMatchObject({ code: 0 });
    expect(fs.readFileSync(capture(), 'utf8')).toContain('\n^PW2400\n^LL1800\n');
    const odd = await visaKiosk(['print-badge', '--printer', 'desk', '--format', 'zpl', '--dpi', '250', '--name', 'Ada Lovelace'], { env });
    expect(odd).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^visa-kiosk print-badge: --dpi takes 203, 300 or 600 \(the printer's dots per inch\)\n/),
    });
    const missing = await visaKiosk(['print-badge', '--printer', 'nope', '--format', 'zpl', '--name', 'X'], { env });
    expect(missing).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^visa-kiosk print-badge: the badge was not printed: no printer queue named "nope"/),
    });
    const png = path.join(tempDir(), 'badge.png');
    expect((await visaKiosk(['print-badge', '--preview', png, '--format', 'pdf', '--label', 'cr80', '--name', 'Ada Lovelace'])).code).toBe(0);
    expect(fs.readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('finds the queue whatever the case of printer.name, as CUPS does: the status and the badge agree', async () => {
    const { service, settled } = await kiosk();
    service.settings.set({ key: 'printer.name', value: 'DESK' });
    expect((await service.badges.printerStatus()).detail).toBe('desk is ready');
    const visit = service.desk.checkin({ credential: 'CC-1' });
    expect(await settled(visit.visitId!)).toMatchObject({ status: 'printed' });
    await service.close();
  });

  it('a printer queue that is gone costs nobody their check-in', async () => {
    const { service, settled } = await kiosk();
    service.settings.set({ key: 'printer.name', value: 'gone' });
    const visit = service.desk.checkin({ credential: 'CC-1' });
    expect(visit).toMatchObject({ decision: 'admitted', visitId: expect.any(Number) });
    expect(await settled(visit.visitId!)).toMatchObject({ status: 'failed', detail: expect.stringMatching(/no printer queue named "gone"/) });
    expect((await service.badges.printerStatus()).detail).toMatch(/no printer queue named "gone"; the queues are: desk/);
    await service.close();
  });
});

/** Nothing listens where CUPS should be: the binding alone would list no queues, as if none were set up. */
describe('CUPS not running', () => {
  let server: string;
  beforeAll(async () => {
    server = `127.0.0.1:${await freePort()}`;
    process.env.CUPS_SERVER = server;
  });
  afterAll(() => {
    delete process.env.CUPS_SERVER;
  });
  const down = 'CUPS, the print spooler, is not running (start it: sudo systemctl start cups)';

  it('visa-kiosk printers and print-badge say so, not "no printer queues"', async () => {
    const env = { CUPS_SERVER: server };
    expect(await visaKiosk(['printers'], { env })).toMatchObject({ code: 1, stdout: '', stderr: `visa-kiosk printers: cannot list printer queues: ${down}\n` });
    const badge = await visaKiosk(['print-badge', '--printer', 'desk', '--format', 'zpl', '--name', 'Ada'], { env });
    expect(badge).toMatchObject({ code: 1, stderr: `visa-kiosk print-badge: the badge was not printed: ${down}\n` });
  });

  it('the visitor is checked in; the badge and the printer status say why nothing printed', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    for (const [key, value] of Object.entries({ 'printer.name': 'desk', 'printer.format': 'zpl' })) service.settings.set({ key, value });
    const statuses: BadgeStatus[] = [];
    service.events.on('badgeStatus', (s) => statuses.push(s));
    const visit = service.desk.checkin({ credential: 'CC-1' });
    expect(visit).toMatchObject({ decision: 'admitted', badge: 'pending' });
    await until('the badge outcome', () => statuses.some((s) => s.status !== 'pending'), 15_000);
    expect(statuses.at(-1)).toEqual({ visitId: visit.visitId, status: 'failed', detail: down, reason: { state: 'spooler_down' } });
    expect(service.desk.todaysVisits({}).find((v) => v.id === visit.visitId)).toMatchObject({ badgeReason: { state: 'spooler_down' } });
    expect((await service.badges.printerStatus()).detail).toBe(`cannot list printer queues: ${down}`);
    await service.close();
  });
});
