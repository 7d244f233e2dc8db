import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOAK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'soak.mjs');

interface SoakReport {
  ok: boolean;
  taps: number;
  written: number;
  shown: number;
  logged: number;
  duplicated: number;
  missing: string[];
  syncs: { ok: number; installed: number; failed: number };
  exports: { ok: number; failed: number };
  rss: { startBytes: number | null; endBytes: number | null; growthMb?: number };
  problems: string[];
}

/** `npm run soak`, shortened to 30 seconds: the same runner, as a process. */
describe('load and soak (30 s of `npm run soak`)', () => {
  it('1,000 taps a minute through a pty while syncs and exports run: none lost, memory flat', async () => {
    const child = spawn(process.execPath, [SOAK, '--seconds', '30', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as SoakReport;
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
    expect(report.taps).toBe(500);
    expect(report).toMatchObject({ ok: true, written: 500, shown: 500, logged: 500, duplicated: 0, missing: [] });
    expect(report.syncs.ok).toBeGreaterThanOrEqual(2);
    expect(report.syncs.installed).toBeGreaterThanOrEqual(1);
    expect(report.exports.ok).toBeGreaterThanOrEqual(2);
    expect(report.rss.startBytes).toBeGreaterThan(0);
    expect(report.rss.growthMb).toBeLessThan(50);
  }, 120_000);
});
