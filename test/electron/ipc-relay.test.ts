import fs from 'node:fs';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KioskError } from '../../core/errors';
import { IPC } from '../../electron/ipc-channels';
import { relayApi } from '../../electron/ipc-relay';
import { FloodGuard } from '../../service/flood-guard';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { BrowserWindow, dialog, FakeFrame, FakeWebContents, fromTopFrame, invoke, ipcMain, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const admitted = { decision: 'admitted', reason: 'member' };

/** Just what the relay reaches for: a method of each role, and the events. */
function fakeService() {
  return {
    events: new EventEmitter(),
    // No staff session: every call is the kiosk's.
    staff: { sessionActor: vi.fn(() => null), signedIn: vi.fn(() => false) },
    desk: { checkin: vi.fn((_input: unknown): unknown => admitted) },
    readerStatuses: vi.fn(async () => [{ id: 'front', state: 'connected' }]),
    visaList: { importCsv: vi.fn() },
    // dispatch turns the connection to answering without waiting on locks, and tells storage of a failed call.
    db: { pragma: vi.fn() },
    storage: { noticed: vi.fn() },
    // The per-source tap limit dispatch applies (the real one: its logic is plain).
    flood: new FloodGuard(() => {}),
  };
}

function kioskWindow(): BrowserWindow {
  const window = new BrowserWindow({});
  void window.loadURL('app://kiosk/index.html');
  return window;
}

describe('the IPC relay', () => {
  const log = vi.fn();
  let service: ReturnType<typeof fakeService>;
  let window: BrowserWindow;
  let stop: () => void;

  beforeEach(() => {
    resetElectron();
    log.mockClear();
    service = fakeService();
    window = kioskWindow();
    stop = relayApi(service as unknown as Kiosk, window as unknown as ElectronWindow, log);
  });
  afterEach(() => stop());

  it('dispatches a call from the kiosk frame to the service, validated, as from a screen of the kiosk’s own machine', async () => {
    expect(await invoke(IPC.call, fromTopFrame(window), 'checkin', { credential: 'HW-0001' })).toEqual({ ok: true, result: admitted });
    expect(service.desk.checkin).toHaveBeenCalledExactlyOnceWith(
      { credential: 'HW-0001' },
      { screen: { id: 'the kiosk window', local: true, name: 'app' }, source: 'the kiosk window' },
    );
  });

  it('awaits async methods, so the reply carries the value and not a promise', async () => {
    expect(await invoke(IPC.call, fromTopFrame(window), 'readerStatuses', {})).toEqual({ ok: true, result: [{ id: 'front', state: 'connected' }] });
  });

  it.each([
    [
      'a page of another origin in the window',
      () => {
        window.webContents.mainFrame.url = 'https://evil.example/';
        return fromTopFrame(window);
      },
    ],
    ['a subframe showing our page', () => ({ sender: window.webContents, senderFrame: new FakeFrame('app://kiosk/index.html') })],
    [
      'another webContents showing our page',
      () => {
        const other = new FakeWebContents('app://kiosk/index.html');
        return { sender: other, senderFrame: other.mainFrame };
      },
    ],
    ['a frame that is gone', () => ({ sender: window.webContents, senderFrame: null })],
    [
      'the built-in error page',
      () => {
        window.webContents.mainFrame.url = 'data:text/html,oops';
        return fromTopFrame(window);
      },
    ],
  ])('drops a call from %s without reaching the service', async (_name, from) => {
    expect(await invoke(IPC.call, from(), 'checkin', { credential: 'HW-0001' })).toBeUndefined();
    expect(service.desk.checkin).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('dropped an IPC call from an unknown frame'));
  });

  it('drops calls once the window is destroyed', async () => {
    window.destroyed = true;
    expect(await invoke(IPC.call, fromTopFrame(window), 'checkin', { credential: 'HW-0001' })).toBeUndefined();
    expect(service.desk.checkin).not.toHaveBeenCalled();
  });

  it.each([
    ['an empty credential', 'checkin', { credential: '' }, 'invalid', /credential/],
    ['an unexpected field', 'checkin', { credential: 'HW-0001', role: 'manager' }, 'invalid', /role/],
    ['an unknown method', 'dropEverything', {}, 'invalid', /unknown method/],
    ['a method name that is not text', 42, {}, 'invalid', /method name/],
    ['a manager method', 'importCsv', { csv: '' }, 'forbidden', /needs a manager/],
  ])('refuses %s with a reason, not reaching the service', async (_name, method, input, code, message) => {
    const reply = await invoke(IPC.call, fromTopFrame(window), method, input);
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code, message: expect.stringMatching(message) }) });
    expect(service.desk.checkin).not.toHaveBeenCalled();
    expect(service.visaList.importCsv).not.toHaveBeenCalled();
  });

  it("passes a service refusal on as data, and hides a bug's details from the page", async () => {
    service.desk.checkin.mockImplementationOnce(() => {
      throw new KioskError("this kiosk's space is not set", 'refused', { detail: { what: 'space_not_set' } });
    });
    // The detail travels too, for the page to say it in its own language.
    expect(await invoke(IPC.call, fromTopFrame(window), 'checkin', { credential: 'HW-0001' })).toEqual({
      ok: false,
      error: { code: 'refused', message: "this kiosk's space is not set", detail: { what: 'space_not_set' } },
    });
    service.desk.checkin.mockImplementationOnce(() => {
      throw new Error('SQLITE_IOERR at /var/lib/kiosk.db');
    });
    expect(await invoke(IPC.call, fromTopFrame(window), 'checkin', { credential: 'HW-0001' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'the kiosk hit an internal error' },
    });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('SQLITE_IOERR'));
  });

  it('forwards service events to the window until stopped', () => {
    service.events.emit('checkin', admitted);
    expect(window.webContents.sent).toEqual([[IPC.event, 'checkin', admitted]]);
    stop();
    service.events.emit('checkin', admitted);
    expect(window.webContents.sent).toHaveLength(1);
    expect(ipcMain.handlers.has(IPC.call)).toBe(false);
    stop = () => {};
  });

  it('forwards a reader’s tap only when the reader is the window’s (screen "app") or no screen’s', () => {
    service.events.emit('checkin', admitted, { reader: 'door', shownAt: 'left' });
    expect(window.webContents.sent).toEqual([]);
    service.events.emit('checkin', admitted, { reader: 'desk', shownAt: 'app' });
    service.events.emit('checkin', admitted, { reader: 'lobby', shownAt: null });
    expect(window.webContents.sent).toEqual([
      [IPC.event, 'checkin', admitted],
      [IPC.event, 'checkin', { ...admitted, shared: true }],
    ]);
  });
});

describe('the IPC relay with a real service', () => {
  const tempDir = useTempDir();
  beforeEach(resetElectron);

  it('admits a member tapped at the kiosk', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    const window = kioskWindow();
    const stop = relayApi(service, window as unknown as ElectronWindow, () => {});
    const reply = await invoke(IPC.call, fromTopFrame(window), 'checkin', { credential: '10:00:a1:b2:00' });
    expect(reply).toMatchObject({ ok: true, result: { decision: 'admitted', kind: 'member', member: { id: 'hw-1' } } });
    expect(window.webContents.sent).toEqual([[IPC.event, 'checkin', expect.objectContaining({ decision: 'admitted' })]]);
    stop();
    await service.close();
  });

  it('a staff badge typed at the kiosk window signs in alone, and the event the window hears carries no badge value', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    service.staff.add({ name: 'Sam Staff', role: 'staff', pin: '1111', badge: 'AB:CD:EF:01' });
    const window = kioskWindow();
    const stop = relayApi(service, window as unknown as ElectronWindow, () => {});
    const reply = (await invoke(IPC.call, fromTopFrame(window), 'checkin', { credential: 'ABCDEF01' })) as { ok: true; result: { staffTicket: string } };
    expect(reply).toMatchObject({ ok: true, result: { decision: 'staff', staff: { name: 'Sam Staff' }, staffTicket: expect.any(String) } });
    expect(window.webContents.sent).toEqual([[IPC.event, 'checkin', expect.objectContaining({ decision: 'staff', credential: { kind: 'rfid', value: '' } })]]);
    expect(JSON.stringify(window.webContents.sent)).not.toMatch(/ABCDEF01|staffTicket/);
    expect(await invoke(IPC.call, fromTopFrame(window), 'signIn', { ticket: reply.result.staffTicket })).toMatchObject({
      ok: true,
      result: { staff: { name: 'Sam Staff' } },
    });
    stop();
    await service.close();
  });

  it('saves a manager’s export where the save dialog says, only for a signed-in manager', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    service.staff.add({ name: 'Maria Manager', role: 'manager', pin: '482193' });
    service.desk.checkin({ credential: 'CC-1' });
    const window = kioskWindow();
    const stop = relayApi(service, window as unknown as ElectronWindow, () => {});
    const input = { from: '2000-01-01', to: '2100-12-31' };
    expect(await invoke(IPC.saveExport, fromTopFrame(window), input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(IPC.call, fromTopFrame(window), 'signIn', { staffId: 1, pin: '482193' })).toMatchObject({
      ok: true,
      result: { staff: { name: 'Maria Manager' } },
    });
    const target = path.join(tempDir(), 'visits.csv');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await invoke(IPC.saveExport, fromTopFrame(window), input)).toEqual({ ok: true, result: { saved: true, path: target } });
    const csv = fs.readFileSync(target, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^visit_id,/);
    expect(csv).toContain('Ada Lovelace');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(service.maintenance.auditLog({ limit: 100 }).entries[0]).toMatchObject({ action: 'export', actor: 'Maria Manager (#1)' });
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true });
    expect(await invoke(IPC.saveExport, fromTopFrame(window), input)).toEqual({ ok: true, result: { saved: false } });
    stop();
    await service.close();
  });
});
