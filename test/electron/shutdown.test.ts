import { beforeEach, describe, expect, it, vi } from 'vitest';
import { closeBeforeQuit, quitOnSignals } from '../../electron/shutdown';
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

  it('quits on SIGTERM as a service manager stops it, closing the service first; once stopped, it no longer listens', async () => {
    const close = vi.fn(() => Promise.resolve());
    closeBeforeQuit(close, () => {});
    const stop = quitOnSignals();
    process.emit('SIGTERM');
    expect(close).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(app.exited).toBe(true));
    const listening = process.listenerCount('SIGINT');
    stop();
    expect(process.listenerCount('SIGINT')).toBe(listening - 1);
  });
});
