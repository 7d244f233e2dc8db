import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bench, buildBench } from '../fixtures/bench';
import { useTempDir } from '../fixtures/temp';

/**
 * `npm run bench` at a small scale, as a real process of the built bench, so the
 * performance suite never rots. The figures themselves are for a full run on a quiet machine
 * (README, "Performance"): here only that each one is measured, beside its baseline.
 */
const tempDir = useTempDir();

interface Figure {
  id: string;
  measured: Record<string, number>;
  baseline: Record<string, number> | null;
  ratio: number | null;
  checks: { what: string; value: number; limit: number; pass: boolean }[];
  pass: boolean;
  details: Record<string, unknown>;
}

describe('npm run bench', () => {
  beforeAll(buildBench, 120_000);

  it('measures every figure against its baseline and cleans up after itself', { timeout: 400_000 }, async () => {
    const dir = tempDir();
    const run = await bench(['--members', '10000', '--visits', '10000', '--taps', '200', '--ui-taps', '20', '--dir', dir, '--json']);
    expect(run.stderr).toContain('bench: measuring tap → decision');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      machine: Record<string, unknown>;
      scale: Record<string, number>;
      figures: Figure[];
      pass: boolean;
      notes: string[];
      seconds: number;
    };
    expect(report.machine).toMatchObject({
      cores: expect.any(Number),
      memoryGB: expect.any(Number),
      cpu: expect.any(String),
      disk: { filesystem: expect.any(String) },
    });
    expect(report.scale).toMatchObject({ members: 10_000, credentials: 20_000, visits: 10_000, taps: 200 });
    expect(report.figures.map((f) => f.id).sort()).toEqual([
      'bundle',
      'decision',
      'delta-sync',
      'during-import',
      'export',
      'import',
      'locked',
      'pass',
      'polls',
      'publish',
      'screen',
      'start',
    ]);
    for (const figure of report.figures) {
      expect(figure.details.error, figure.id).toBeUndefined();
      expect(Object.values(figure.measured).every(Number.isFinite), figure.id).toBe(true);
      expect(figure.checks.length, figure.id).toBeGreaterThan(0);
      if (figure.id === 'bundle') continue;
      expect(
        Object.values(figure.baseline ?? {}).every((v) => Number.isFinite(v) && v > 0),
        figure.id,
      ).toBe(true);
      expect(figure.ratio, figure.id).toBeGreaterThan(0);
    }
    const byId = Object.fromEntries(report.figures.map((f) => [f.id, f]));
    expect(byId.decision!.details).toMatchObject({ taps: 200, lookupPlan: expect.stringContaining('USING INDEX credentials_key') });
    // Passes the kiosk trusted and decided as their members, never refused as passes.
    expect(byId.pass!.details).toMatchObject({ taps: 200 });
    expect(Object.keys(byId.pass!.details.passDecisions as object).join()).not.toMatch(/pass_/);
    expect(byId.export!.details).toMatchObject({ rows: 10_000, sqliteRows: 10_000 });
    expect(byId.import!.measured.peakMB).toBeGreaterThan(0);
    expect(byId.locked!.details).toMatchObject({ refused: 20 });
    expect(byId.publish!.details).toMatchObject({ roster: 10_000, added: 500, changed: 950, removed: 500, sequence: 2 });
    expect(byId.publish!.measured.peakMB).toBeGreaterThan(0);
    // A real kiosk joined a served registry and took one member's change by delta, from the sequence before it.
    const deltaSync = byId['delta-sync']!.details as { sequences: { full: number; delta: [number, number] }; deltaBytes: number };
    expect(deltaSync.sequences.delta[1]).toBe(deltaSync.sequences.delta[0] + 1);
    expect(deltaSync.deltaBytes).toBeGreaterThan(0);
    expect(byId.polls!.details).toMatchObject({ polls: 1000, atOnce: 50, sequence: expect.any(Number) });
    // The welcome screen loads less than the whole page: the camera's QR decoder comes when its screen opens.
    expect(byId.bundle!.measured.kB).toBeLessThan((byId.bundle!.details.totalKB as number) - 30);
    expect(report.notes.join('\n')).toMatch(/targets are set for 1,000,000 members/);
    // The bench's data lived in a folder of its own, removed after.
    expect(fs.readdirSync(dir)).toEqual([]);

    const human = await bench(['--members', '1000', '--visits', '1000', '--only', 'bundle', '--dir', dir]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^\| figure +\| measured/m);
    expect(human.stdout).toMatch(/^\| renderer +\| [\d.]+ kB/m);
  });

  it('says which figures there are when asked for another', async () => {
    const run = await bench(['--only', 'speed']);
    expect(run).toMatchObject({ code: 2 });
    expect(run.stderr).toMatch(
      /unknown figure "speed"; the figures are decision, pass, screen, import, during-import, locked, export, start, bundle, publish, delta-sync, polls/,
    );
  });
});
