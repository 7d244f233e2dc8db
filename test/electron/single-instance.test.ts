import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { claimSingleInstance } from '../../electron/single-instance';
import { app, BrowserWindow, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

describe('a single kiosk instance', () => {
  beforeEach(resetElectron);

  it('brings the first window back when the app is launched again', () => {
    const window = new BrowserWindow({});
    window.minimized = true;
    expect(claimSingleInstance(() => window as unknown as ElectronWindow)).toBe(true);
    app.emit('second-instance', {}, ['visa-kiosk'], '/');
    expect(window).toMatchObject({ minimized: false, visible: true, focused: true });
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('does nothing on a second launch before the window exists', () => {
    expect(claimSingleInstance(() => null)).toBe(true);
    expect(() => app.emit('second-instance', {}, [], '/')).not.toThrow();
  });

  it('quits the second instance, which then starts nothing', () => {
    app.hasLock = false;
    expect(claimSingleInstance(() => null)).toBe(false);
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.count('second-instance')).toBe(0);
  });
});
