import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { ExportRunner } from '../../service/export/export-runner';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

describe('ExportRunner without a built worker', () => {
  it('exports on this thread through a read-only connection of its own, while the kiosk keeps writing', async () => {
    const dir = tempDir();
    const database = path.join(dir, 'kiosk.db');
    const kiosk = openDatabase(database);
    const log = kiosk.prepare(
      "INSERT INTO visits (at, local_date, kind, decision, reason, member_id, member_name) VALUES (?, '2026-02-01', 'member', 'admitted', 'member', ?, ?)",
    );
    kiosk.transaction(() => {
      for (let i = 0; i < 30_000; i++) log.run('2026-02-01T10:00:00Z', `m-${i}`, `Member ${i}`);
    })();
    const progress: number[] = [];
    const summary = await new ExportRunner(database).toFile(
      { report: 'visits', from: '2026-02-01', to: '2026-02-28', format: 'json' },
      path.join(dir, 'feb.jsonl'),
      {
        onProgress: (rows) => {
          // A tap logged halfway through: the export keeps reading the snapshot it started with.
          if (progress.push(rows) === 1) log.run('2026-02-01T11:00:00Z', 'late', 'Late Tap');
        },
      },
    );
    expect(summary).toEqual({ rows: 30_000 });
    expect(kiosk.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 30_001 });
    // About every 10,000 visits (a piece of text at a time), and the total at the end.
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toBe(30_000);
    progress.slice(1, -1).forEach((rows, i) => expect(rows - progress[i]!).toBeGreaterThanOrEqual(10_000));
    expect(fs.statSync(path.join(dir, 'feb.jsonl')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, 'feb.jsonl'), 'utf8').split('\n')).toHaveLength(30_001);
    kiosk.close();
  });

  it('refuses a job that does not validate', async () => {
    const dir = tempDir();
    const database = path.join(dir, 'kiosk.db');
    openDatabase(database).close();
    const runner = new ExportRunner(database);
    await expect(runner.toFile({ report: 'visits', from: '2026-02-30', to: '2026-03-01', format: 'csv' }, path.join(dir, 'x.csv'))).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/^from: /),
    });
    await expect(
      runner.toFile({ report: 'spaces', from: '2026-03-01', to: '2026-03-31', format: 'csv', kind: 'visa' }, path.join(dir, 'x.csv')),
    ).rejects.toMatchObject({ code: 'invalid' });
    expect(fs.existsSync(path.join(dir, 'x.csv'))).toBe(false);
  });
});
