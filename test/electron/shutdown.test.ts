import { beforeEach, describe, expect, it, vi } from 'vitest';
import { closeBeforeQuit } from '../../electron/shutdown';
import { app, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

describe('shutdown', () => {
  beforeEach(resetElectron);

  it('holds the quit until the service is closed, then quits', async () => {
    let closed!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (closed = resolve)));
    closeBeforeQuit(close, () => {});
    app.quit();
    expect(close).toHaveBeenCalledOnce();
    expect(app.exited).toBe(false);
    closed();
    await vi.waitFor(() => expect(app.exited).toBe(true));
    expect(close).toHaveBeenCalledOnce();
  });

  it('quits even when closing fails, and says why', async () => {
    const log = vi.fn();
    closeBeforeQuit(() => Promise.reject(new Error('database is locked')), log);
    app.quit();
    await vi.waitFor(() => expect(app.exited).toBe(true));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('database is locked'));
  });
});
