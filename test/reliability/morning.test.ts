import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckinResult } from '../../core/api/checkin';
import { useChromium } from '../fixtures/browser';
import { useCaptureQueue } from '../fixtures/cups';
import { em4100Frame } from '../fixtures/frames';
import { isRunning, spoolerPids } from '../fixtures/printing-kiosk';
import { PtyDevice } from '../../bench/pty';
import { useTempDir } from '../fixtures/temp';
import { sleep, until } from '../fixtures/wait';
import { holdExclusive } from './faults';
import { hostileSite } from './hostile-site';
import { heading, labelsPrinted, LOCK_MS, MANAGER_PIN, readVisits, setUp, uidOf, VISITORS } from './morning-kiosk';
import { Screen } from './screen';
import { serve } from './serve-process';

/**
 * A morning at the front desk against the real `serve` process: a badge printer on a private
 * CUPS, an EM4100 reader on a real pty, the page open in Chromium, visitors tapping and typing,
 * a day pass, a staff override and a reprint, a page of another origin attacking the kiosk, and
 * another program holding the database's write lock while visitors tap. MORNING_VISITORS sets
 * how many visitors come (the walk before a release used 150).
 */

const isRoot = process.getuid?.() === 0;

const tempDir = useTempDir();
const { browser, cleanup } = useChromium();

describe.skipIf(!isRoot)('a morning at the front desk (real serve, CUPS, reader, Chromium)', { timeout: 600_000 }, () => {
  const { cups, capture } = useCaptureQueue('badges', 'morning-capture.bin');

  it('every visitor is logged once and gets a badge, a held lock is named within 2 s, a hostile page is refused, and SIGTERM ends it cleanly', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const reader = new PtyDevice(dir);
    await reader.start();
    cleanup.push(() => reader.stop());
    await setUp(db, reader.readerPath, 'badges');
    fs.writeFileSync(capture(), '');
    const kiosk = await serve(db, [], { CUPS_SERVER: cups.server });
    cleanup.push(() => kiosk.kill('SIGKILL'));
    const desk = await Screen.open(kiosk.url);
    cleanup.push(() => desk.close());
    await desk.readerConnected();

    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    cleanup.push(() => page.close());
    page.setDefaultTimeout(15_000);
    await page.goto(kiosk.url);
    await page.getByText('Tap your badge or scan your pass').waitFor();

    const hostile = await hostileSite(kiosk.url);
    cleanup.push(() => hostile.close());
    const attacker = await browser().newPage();
    cleanup.push(() => attacker.close());

    const savedFor = (uid: string) => desk.checkins.find((c) => c.credential.value === uid);
    const notSaved = () => desk.events.filter((e) => e.event === 'tapNotSaved').length;
    const slowest = { tap: 0, lockedAnswer: 0, lockedScreen: 0, lockedTyped: 0 };
    const retap: number[] = [];
    const started = Date.now();

    const lockAt = Math.floor(VISITORS / 2);
    for (let i = 1; i <= VISITORS; i++) {
      if (i === Math.floor(VISITORS / 3)) {
        await attacker.goto(hostile.url);
        const outcome = (await attacker.evaluate('window.hostile')) as { results: string[]; sockets: string[] };
        expect(outcome.sockets, JSON.stringify(outcome)).toEqual(['refused', 'refused', 'refused', 'refused', 'refused']);
      }
      if (i === lockAt) {
        const lock = await holdExclusive(db);
        const until = Date.now() + LOCK_MS;
        let k = i;
        while (Date.now() < until && k <= VISITORS) {
          const before = notSaved();
          const tapped = Date.now();
          await reader.write(em4100Frame(uidOf(k)));
          const other = Date.now();
          expect((await desk.call('kioskInfo')).ok).toBe(true);
          slowest.lockedScreen = Math.max(slowest.lockedScreen, Date.now() - other);
          await until_(`words for tap ${k} under the lock`, () => notSaved() > before || savedFor(uidOf(k)) !== undefined, 10_000);
          slowest.lockedAnswer = Math.max(slowest.lockedAnswer, Date.now() - tapped);
          if (!savedFor(uidOf(k))) retap.push(k);
          k++;
        }
        await page.getByText('Your tap could not be saved.').waitFor();
        // A badge typed on the page under the lock: the visitor reads the same words as soon.
        if (k <= VISITORS) {
          await page.getByRole('button', { name: 'Done' }).click();
          await page.getByText('Tap your badge or scan your pass').waitFor();
          for (let attempt = 1; ; attempt++) {
            const typed = Date.now();
            await page.keyboard.type(`VISA-${k}\n`);
            try {
              await page.getByText('Your tap could not be saved.').waitFor({ timeout: 5_000 });
              slowest.lockedTyped = Date.now() - typed;
              break;
            } catch (error) {
              // A loaded test machine can stretch the burst past the scanner's key gap, and it is read as
              // typing: scanned again, as at a desk. Three times unanswered is a failure.
              if (attempt === 3) throw error;
            }
          }
          retap.push(k++);
        }
        await lock.release();
        await sleep(3_100);
        for (const r of retap) {
          await reader.write(em4100Frame(uidOf(r)));
          await until_(`the retap of visitor ${r}`, () => savedFor(uidOf(r)) !== undefined);
        }
        i = k - 1;
        continue;
      }
      const tapped = Date.now();
      // A badge typed at the page is shown there only (docs/operators.md, "Several screens at one desk"); the desk's socket hears reader taps.
      let shownOnPage = false;
      if (i % 10 === 0) {
        await page.keyboard.type(`VISA-${i}\n`);
        const shown = await heading(page, `Welcome, Visitor ${i}`)
          .waitFor({ timeout: 3_000 })
          .then(
            () => true,
            () => false,
          );
        shownOnPage = shown;
        if (!shown) await desk.call('checkin', { credential: `VISA-${i}` });
      } else {
        await reader.write(em4100Frame(uidOf(i)));
      }
      await until_(
        `visitor ${i} to be shown`,
        () => shownOnPage || savedFor(uidOf(i)) !== undefined || desk.checkins.some((c) => c.member?.id === `visa-${i}`),
        10_000,
      );
      slowest.tap = Math.max(slowest.tap, Date.now() - tapped);
    }

    // A day pass and a staff override at the desk.
    await page
      .getByRole('button', { name: 'Done' })
      .click()
      .catch(() => {});
    await page.getByRole('button', { name: 'I’m a guest' }).click();
    await page.getByRole('textbox', { name: 'Your name' }).fill('Walk In');
    await page.getByRole('button', { name: /Check in · €15.00/ }).click();
    await heading(page, 'You’re checked in, Walk In').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.keyboard.type('KL-1\n');
    await heading(page, /We can’t check you in/).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Staff', exact: true }).click();
    await page.getByRole('list', { name: 'Staff members' }).getByRole('button', { name: 'Maya Okafor', exact: true }).click();
    const pad = page.getByRole('group', { name: 'Staff PIN' });
    for (const digit of MANAGER_PIN) await pad.getByRole('button', { name: digit, exact: true }).click();
    await pad.getByRole('button', { name: 'OK' }).click();
    await heading(page, 'Staff mode · Maya Okafor').waitFor();
    const row = (name: string) => page.getByRole('row').filter({ hasText: name });
    await row('佐藤 花子').getByRole('button', { name: 'Override' }).click();
    await page.getByRole('textbox', { name: 'Reason (required)' }).fill('Meeting the manager');
    await page.getByRole('button', { name: 'Admit', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '佐藤 花子 is admitted.' }).waitFor();
    await row('Visitor 1').first().getByRole('button', { name: 'Reprint badge' }).click();

    const visits = readVisits(db);
    const visitors = visits.filter((v) => v.member_id?.startsWith('visa-'));
    const expectedLabels = VISITORS + 1 /* day pass */ + 1 /* override */ + 1; /* reprint */
    await until_(
      () => `${expectedLabels} labels (have ${labelsPrinted(capture())})\n${cups.logTail(20)}`,
      () => labelsPrinted(capture()) >= expectedLabels,
      60_000,
    );
    await sleep(1_000);

    const report = {
      visitors: VISITORS,
      ms: Date.now() - started,
      visits: visits.length,
      labels: labelsPrinted(capture()),
      retapped: retap.length,
      ...slowest,
    };
    console.log('morning', JSON.stringify(report));

    expect(new Set(visitors.map((v) => v.member_id)).size).toBe(VISITORS);
    expect(visitors).toHaveLength(VISITORS);
    expect(visits.filter((v) => v.member_id === 'visa-1')).toHaveLength(1);
    expect(labelsPrinted(capture())).toBe(expectedLabels);
    expect(slowest.lockedAnswer).toBeLessThan(3_000);
    expect(slowest.lockedScreen).toBeLessThan(1_000);
    expect(slowest.lockedTyped).toBeGreaterThan(0);
    expect(slowest.lockedTyped).toBeLessThan(4_000);
    expect(retap.length).toBeGreaterThan(0);
    // Every check-in a screen was told of is in the log.
    for (const c of desk.checkins.filter((c: CheckinResult) => c.visitId)) expect(visits.some((v) => v.id === c.visitId)).toBe(true);

    const spoolers = spoolerPids(kiosk.child.pid!);
    expect(spoolers).toHaveLength(1);
    const exit = new Promise<number | null>((resolve) => kiosk.child.once('exit', (code) => resolve(code)));
    desk.close();
    await kiosk.kill('SIGTERM');
    expect(await exit).toBe(0);
    await until_('the spooler to be gone', () => !isRunning(spoolers[0]!), 5_000);
  });
});

const until_ = until;
