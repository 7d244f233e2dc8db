import type { BrowserWindow as ElectronWindow } from 'electron';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../electron/ipc-channels';
import { relayApi } from '../../electron/ipc-relay';
import { TAP_RATE } from '../../service/call-limits';
import { installDemo } from '../../service/demo-data';
import { UNKNOWN_LOGGED_RATE } from '../../service/flood-guard';
import { Kiosk } from '../../service/kiosk';
import { BrowserWindow, fromTopFrame, invoke, resetElectron } from '../electron/fake-electron';
import { useTempDir } from '../fixtures/temp';

vi.mock('electron', () => import('../electron/fake-electron'));

const tempDir = useTempDir();
const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

// The Electron window reaches the service through the IPC relay, not the WebSocket: the same
// limits apply there, because they live in dispatch and the service, not in a transport.
describe('the kiosk window (IPC) under a flood of made-up badges', () => {
  it('taps past a person’s pace are refused with words; past the flood limit unknown badges are not logged; the audit names the window', async () => {
    resetElectron();
    const db = path.join(tempDir(), 'kiosk.db');
    const service = Kiosk.open(db);
    await installDemo(service);
    let closed = false;
    stops.push(() => (closed ? undefined : service.close()));
    const window = new BrowserWindow({});
    void window.loadURL('app://kiosk/index.html');
    stops.push(relayApi(service, window as unknown as ElectronWindow, () => {}));

    const tap = (credential: string) =>
      invoke(IPC.call, fromTopFrame(window), 'checkin', { credential, kind: 'rfid' }) as Promise<{
        ok: boolean;
        result?: { visitId: number | null };
        error?: unknown;
      }>;
    const replies = [];
    const began = performance.now();
    for (let i = 0; i < 100; i++) replies.push(await tap(`EEC${(0x1000000 + i).toString(16).toUpperCase()}`));
    const decided = replies.filter((r) => r.ok);
    expect(decided.length).toBeGreaterThanOrEqual(TAP_RATE.burst);
    expect(decided.length).toBeLessThanOrEqual(TAP_RATE.burst + Math.ceil(((performance.now() - began) / 1000) * TAP_RATE.perSecond));
    for (const reply of replies.filter((r) => !r.ok))
      expect(reply.error).toEqual({ code: 'rate_limited', message: 'too many taps: wait a moment, then tap again' });
    // The burst of taps and of logged unknown badges are both 20 here: all decided ones logged.
    const logged = service.db.prepare("SELECT count(*) FROM visits WHERE credential_value LIKE 'EEC%'").pluck().get() as number;
    expect(logged).toBe(Math.min(decided.length, UNKNOWN_LOGGED_RATE.burst));

    // Closing writes the minute's summary at once.
    closed = true;
    await service.close();
    const reopened = Kiosk.open(db);
    stops.push(() => reopened.close());
    const [summary] = reopened.maintenance.auditLog({ limit: 5 }).entries.filter((e) => e.action === 'badge flood');
    expect(summary).toMatchObject({
      actor: 'the kiosk',
      detail: { sources: [{ source: 'the kiosk window', unknownNotLogged: decided.length - logged, tapsRefused: 100 - decided.length }] },
    });
  });
});
