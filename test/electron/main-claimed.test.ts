import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimRunning, KIOSK } from '../../db/running-claim';
import { Kiosk } from '../../service/kiosk';
import { useTempDir } from '../fixtures/temp';
import { app, BrowserWindow, ipcMain, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const tempDir = useTempDir();
afterEach(() => vi.unstubAllEnvs());

describe('electron/main.ts on a database another kiosk runs on (`serve` started by hand)', () => {
  it('shows "The kiosk cannot start" with the process that runs it, and answers nothing', async () => {
    const db = path.join(tempDir(), 'kiosk.db');
    await Kiosk.open(db).close();
    const other = claimRunning(db, KIOSK, new Date('2026-12-05T08:30:00Z'));
    try {
      resetElectron();
      vi.stubEnv('VISA_KIOSK_DB', db);
      app.isPackaged = true;
      await import('../../electron/main');
      await vi.waitFor(() => expect(BrowserWindow.created[0]?.loaded).toHaveLength(1));
      const page = decodeURIComponent(BrowserWindow.created[0]!.loaded[0]!);
      expect(page).toContain('<h1>The kiosk cannot start</h1>');
      expect(page).toContain(`${db} is in use by a running kiosk (process ${process.pid}, running since 2026-12-05 08:30 UTC): stop it first`);
      expect(ipcMain.handlers.size).toBe(0);
    } finally {
      other.release();
    }
  });
});
