import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareElectronNatives } from '../../electron/native-modules.mjs';

const root = process.cwd();

/** The little of playwright-core this uses; it is imported by name so this file compiles without it. */
interface Playwright {
  _electron: {
    launch(options: { executablePath: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv }): Promise<{
      firstWindow(): Promise<{ title(): Promise<string>; locator(selector: string): { waitFor(): Promise<void>; textContent(): Promise<string | null> } }>;
      close(): Promise<void>;
    }>;
  };
}

async function loadPlaywright(): Promise<Playwright | null> {
  const name = 'playwright-core';
  try {
    return (await import(/* @vite-ignore */ name)) as Playwright;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  }
}

/** Resolving `electron` fetches its binary on first use: a path if that worked, else null. */
function electronBinary(): string | null {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8' });
  return probe.status === 0 && fs.existsSync(probe.stdout) ? probe.stdout : null;
}

describe('the Electron app', () => {
  it('opens the kiosk window on the welcome screen', async ({ skip }) => {
    const electron = electronBinary();
    if (!electron) {
      console.log('Electron binary not available: skipped');
      return skip();
    }
    const playwright = await loadPlaywright();
    if (!playwright) {
      console.log('playwright-core is missing: run npm install playwright-core');
      return skip();
    }
    const natives = prepareElectronNatives(root);
    if (natives) {
      console.log(`${natives}: skipped`);
      return skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-electron-'));
    const app = await playwright._electron.launch({
      executablePath: electron,
      args: ['.'],
      cwd: root,
      env: { ...process.env, VISA_KIOSK_DB: path.join(dir, 'kiosk.db') },
    });
    try {
      const page = await app.firstWindow();
      // The welcome screen proper (its prompt), not the placeholder shown while kioskInfo loads.
      await page.locator('main.welcome .prompt').waitFor();
      expect(await page.title()).toBe('Visa Kiosk');
      expect(await page.locator('main.welcome h1').textContent()).toBe('Harbour Works');
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
