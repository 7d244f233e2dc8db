import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { METHODS } from '../../core/api';
import { IPC } from '../../electron/ipc-channels';
import { contextBridge, ipcRenderer, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

type Bridge = Record<string, (...args: unknown[]) => unknown>;

describe('the preload bridge', () => {
  let kiosk: Bridge;

  beforeAll(async () => {
    resetElectron();
    await import('../../electron/preload');
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const [name, api] = contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, Bridge];
    expect(name).toBe('kiosk');
    kiosk = api;
  });

  it('exposes the contract, its events and leaving kiosk mode: nothing else', () => {
    expect(Object.keys(kiosk).sort()).toEqual([...Object.keys(METHODS), 'on', 'onExitRequested', 'exitKiosk', 'restartKiosk', 'saveExport'].sort());
  });

  it('calls a method over the call channel and rethrows a refusal with its code', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: { decision: 'admitted' } });
    expect(await kiosk.checkin!({ credential: 'HW-0001' })).toEqual({ decision: 'admitted' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC.call, 'checkin', { credential: 'HW-0001' });
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'invalid', message: 'credential is empty' } });
    await expect(kiosk.checkin!({ credential: '' })).rejects.toMatchObject({ message: 'credential is empty', code: 'invalid' });
  });

  it('sends the PIN over the exit channel and answers true or false', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: false });
    expect(await kiosk.exitKiosk!('1111')).toBe(false);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC.exit, '1111');
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: true });
    expect(await kiosk.exitKiosk!('424242')).toBe(true);
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'forbidden', message: 'PIN entry is locked' } });
    await expect(kiosk.exitKiosk!('424242')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('asks main to restart the kiosk page over the restart channel', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: true });
    expect(await kiosk.restartKiosk!()).toBe(true);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC.restart);
  });

  it('tells the page when the exit shortcut is pressed, until it unsubscribes', () => {
    const listener = vi.fn();
    const off = kiosk.onExitRequested!(listener) as () => void;
    ipcRenderer.emit(IPC.exitRequested, {});
    expect(listener).toHaveBeenCalledExactlyOnceWith();
    off();
    ipcRenderer.emit(IPC.exitRequested, {});
    expect(listener).toHaveBeenCalledOnce();
  });

  it('relays only the events of the contract', () => {
    const listener = vi.fn();
    kiosk.on!('checkin', listener);
    ipcRenderer.emit(IPC.event, {}, 'listChanged', {});
    ipcRenderer.emit(IPC.event, {}, 'checkin', { decision: 'denied' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ decision: 'denied' });
    expect(() => kiosk.on!('exitRequested', listener)).toThrow(/unknown event/);
  });
});

describe('the built preload (dist/preload/preload.cjs)', () => {
  const built = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'preload', 'preload.cjs');

  it('stays small: method names only, no schemas, so the window opens without parsing zod first', () => {
    if (!fs.existsSync(built)) throw new Error('dist/preload/preload.cjs is not built: run `npm run build` first (npm test does)');
    const code = fs.readFileSync(built, 'utf8');
    expect(Buffer.byteLength(code)).toBeLessThan(10 * 1024);
    // A sandboxed preload may require 'electron' and nothing else.
    expect([...code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1])).toEqual(['electron']);
  });
});
