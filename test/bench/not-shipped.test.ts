import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { visaKiosk } from '../fixtures/cli';

/**
 * The performance suite is a development tool (`npm run bench`): the app's build, which
 * electron-builder packages and an installed kiosk runs, holds none of it, and the installed
 * command line has no `bench` that could only fail there for want of playwright-core.
 */
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

describe('the built app', () => {
  it('holds no bench code', () => {
    const scripts = filesUnder(DIST).filter((file) => /\.(m?js|cjs)$/.test(file));
    expect(scripts.length).toBeGreaterThan(0);
    const benchy = scripts.filter((file) => /playwright-core|runBench|visa-kiosk-bench-/.test(fs.readFileSync(file, 'utf8')));
    expect(benchy.map((file) => path.relative(DIST, file))).toEqual([]);
  });

  it('has no bench command', async () => {
    const run = await visaKiosk(['bench', '--taps=x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "bench"');
  });
});
