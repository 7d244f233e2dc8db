import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BadgeStatus } from '../../core/api';
import { KioskService } from '../../service/kiosk-service';
import { visaKiosk } from '../fixtures/cli';
import { CAPTURE_SCHEME, CupsServer, installCaptureBackend, removeCaptureBackend } from '../fixtures/cups';
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
    const service = KioskService.open(path.join(tempDir(), 'kiosk.db'));
    await service.importFeed({ feed: feedBytes(smallFeed()) });
    service.setSetting({ key: 'space.id', value: 'harbour' });
    for (const [key, value] of Object.entries({ 'printer.name': 'desk', 'printer.format': 'zpl', 'printer.label': '4x3in', 'printer.timeoutSeconds': '3' })) service.setSetting({ key, value });
    const statuses: BadgeStatus[] = [];
    service.events.on('badgeStatus', (s) => statuses.push(s));
    const settled = async (visitId: number) => {
      await until(() => `an outcome for visit #${visitId}\n${cups.logTail()}`, () => statuses.some((s) => s.visitId === visitId && s.status !== 'pending'), 15_000, 25);
      return statuses.filter((s) => s.visitId === visitId).at(-1)!;
    };
    const badgeStatus = (visitId: number) => (service.db.prepare('SELECT badge_status AS s FROM visits WHERE id = ?').get(visitId) as { s: string }).s;
    return { service, settled, badgeStatus };
  }

  it('logs the visit, answers at once with "badge pending", then prints the visitor’s badge', async () => {
    fs.writeFileSync(capture(), '');
    const { service, settled, badgeStatus } = await kiosk();
    const visit = service.checkin({ credential: 'CC-1' });
    expect(visit).toMatchObject({ decision: 'admitted', badge: 'pending' });
    expect(badgeStatus(visit.visitId!)).toBe('pending');
    expect(await settled(visit.visitId!)).toMatchObject({ status: 'printed' });
    expect(badgeStatus(visit.visitId!)).toBe('printed');
    const bytes = fs.readFileSync(capture(), 'utf8');
    expect(bytes).toContain('^XA');
    expect(bytes).toContain('Ada Lovelace');
    expect(bytes).toContain(`visit:${visit.visitId}`);
    // Members of the space have badges of their own.
    expect(service.checkin({ credential: 'HW-1' })).not.toHaveProperty('badge');
    await service.close();
  });

  it('a stopped queue times the badge out and marks the visit, never the check-in; a reprint works once it runs again', async () => {
    const { service, settled, badgeStatus } = await kiosk();
    await cups.disable('desk');
    const visit = service.sellDayPass({ name: 'Grace Guest' });
    expect(visit.badge).toBe('pending');
    const outcome = await settled(visit.visitId);
    expect(outcome).toMatchObject({ status: 'failed', detail: expect.stringMatching(/timed out after 3 s/) });
    expect(badgeStatus(visit.visitId)).toBe('failed');
    expect(service.todaysVisits({}).find((v) => v.id === visit.visitId)).toMatchObject({ decision: 'admitted', badgeStatus: 'failed' });
    expect((await service.printerStatus()).detail).toMatch(/desk is stopped/);

    await cups.enable('desk');
    fs.writeFileSync(capture(), '');
    expect(await service.reprintBadge({ visitId: visit.visitId })).toMatchObject({ status: 'printed' });
    expect(badgeStatus(visit.visitId)).toBe('printed');
    expect(fs.readFileSync(capture(), 'utf8')).toContain('Grace Guest');
    expect((await service.printerStatus()).detail).toBe('desk is ready');
    await service.close();
  });

  it('visa-kiosk printers and print-badge, as an installer uses them', async () => {
    const env = { CUPS_SERVER: cups.server };
    const queues = await visaKiosk(['printers', '--json'], { env });
    expect(JSON.parse(queues.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'desk', acceptingJobs: true })]));
    fs.writeFileSync(capture(), '');
    const printed = await visaKiosk(['print-badge', '--printer', 'desk', '--format', 'escpos', '--name', 'Émilie Côté', '--space', 'Harbour Works', '--kind', 'visa'], { env });
    expect(printed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^printed \(job \d+\)/) });
    expect(fs.readFileSync(capture()).includes(Buffer.from('Harbour Works'))).toBe(true);
    const missing = await visaKiosk(['print-badge', '--printer', 'nope', '--format', 'zpl', '--name', 'X'], { env });
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/^visa-kiosk print-badge: the badge was not printed: no printer queue named "nope"/) });
    const png = path.join(tempDir(), 'badge.png');
    expect((await visaKiosk(['print-badge', '--preview', png, '--format', 'pdf', '--label', 'cr80', '--name', 'Ada Lovelace'])).code).toBe(0);
    expect(fs.readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('a printer queue that is gone costs nobody their check-in', async () => {
    const { service, settled } = await kiosk();
    service.setSetting({ key: 'printer.name', value: 'gone' });
    const visit = service.checkin({ credential: 'CC-1' });
    expect(visit).toMatchObject({ decision: 'admitted', visitId: expect.any(Number) });
    expect(await settled(visit.visitId!)).toMatchObject({ status: 'failed', detail: expect.stringMatching(/no printer queue named "gone"/) });
    expect((await service.printerStatus()).detail).toMatch(/no printer queue named "gone"; the queues are: desk/);
    await service.close();
  });
});
