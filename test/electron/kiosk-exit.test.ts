import type { BrowserWindow as ElectronWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KioskError } from '../../core/errors';
import { IPC } from '../../electron/ipc-channels';
import { guardKioskExit } from '../../electron/kiosk-exit';
import { app, BrowserWindow, fakeEvent, FakeFrame, fromTopFrame, invoke, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const key = (input: Partial<{ type: string; key: string; control: boolean; shift: boolean; alt: boolean; meta: boolean }>) => ({
  type: 'keyDown',
  key: 'Q',
  control: true,
  shift: true,
  alt: false,
  meta: false,
  ...input,
});

describe('leaving kiosk mode', () => {
  const log = vi.fn();
  let window: BrowserWindow;
  let service: { verifyManagerPin: ReturnType<typeof vi.fn<(pin: string) => boolean>> };
  let stop: () => void;

  beforeEach(() => {
    resetElectron();
    window = new BrowserWindow({});
    void window.loadURL('app://kiosk/index.html');
    service = { verifyManagerPin: vi.fn((pin: string) => pin === '424242') };
    stop = guardKioskExit(window as unknown as ElectronWindow, service, log);
  });
  afterEach(() => stop());

  it('Ctrl+Shift+Q asks the page for a PIN, and the page never sees the keys', () => {
    const event = fakeEvent();
    window.webContents.emit('before-input-event', event, key({}));
    expect(event.defaultPrevented).toBe(true);
    expect(window.webContents.sent).toEqual([[IPC.exitRequested]]);
  });

  it.each([
    ['Ctrl+Q', key({ shift: false })],
    ['Shift+Q', key({ control: false })],
    ['Ctrl+Alt+Shift+Q', key({ alt: true })],
    ['Ctrl+Shift+W', key({ key: 'W' })],
    ['the key going up', key({ type: 'keyUp' })],
  ])('%s does nothing', (_name, input) => {
    const event = fakeEvent();
    window.webContents.emit('before-input-event', event, input);
    expect(event.defaultPrevented).toBe(false);
    expect(window.webContents.sent).toEqual([]);
  });

  it('a wrong PIN does not quit', async () => {
    expect(await invoke(IPC.exit, fromTopFrame(window), '1111')).toEqual({ ok: true, result: false });
    expect(service.verifyManagerPin).toHaveBeenCalledExactlyOnceWith('1111');
    expect(app.quit).not.toHaveBeenCalled();
  });

  it("a manager's PIN quits the app", async () => {
    expect(await invoke(IPC.exit, fromTopFrame(window), '424242')).toEqual({ ok: true, result: true });
    expect(app.quit).toHaveBeenCalledOnce();
  });

  it.each([['12'], ['1234567890123'], ['12a4'], [' 1234'], [1234], [null], [{ pin: '424242' }]])(
    'refuses %j as a PIN with a reason, asking no one',
    async (pin) => {
      expect(await invoke(IPC.exit, fromTopFrame(window), pin)).toEqual({
        ok: false,
        error: { code: 'invalid', message: expect.stringMatching(/PIN/), detail: expect.objectContaining({ what: 'input' }) },
      });
      expect(service.verifyManagerPin).not.toHaveBeenCalled();
      expect(app.quit).not.toHaveBeenCalled();
    },
  );

  it('says so while PIN entry is locked', async () => {
    service.verifyManagerPin.mockImplementation(() => {
      throw new KioskError('PIN entry is locked after 5 wrong PINs: try again in 5 minutes', 'forbidden');
    });
    expect(await invoke(IPC.exit, fromTopFrame(window), '424242')).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('locked') },
    });
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('a screen told to wait hears how many seconds, as a number the page can say in its language', async () => {
    service.verifyManagerPin.mockImplementationOnce(() => {
      throw new KioskError('too many wrong PINs from this screen: wait 10 seconds before the next try', 'forbidden', { retryAfterSeconds: 10 });
    });
    expect(await invoke(IPC.exit, fromTopFrame(window), '424242')).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('wait 10 seconds'), retryAfterSeconds: 10 },
    });
  });

  it('ignores an exit request from any other frame', async () => {
    expect(await invoke(IPC.exit, { sender: window.webContents, senderFrame: new FakeFrame('app://kiosk/index.html') }, '424242')).toBeUndefined();
    window.webContents.mainFrame.url = 'https://evil.example/';
    expect(await invoke(IPC.exit, fromTopFrame(window), '424242')).toBeUndefined();
    expect(service.verifyManagerPin).not.toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('refuses to close the window (Alt+F4) unless the app is quitting', () => {
    expect(window.close()).toBe(false);
    app.emit('before-quit', fakeEvent());
    expect(window.close()).toBe(true);
  });
});
