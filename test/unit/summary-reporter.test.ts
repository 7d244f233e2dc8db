import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'reporter');

function closingLine(file: string): { line: string; status: number | null } {
  const run = spawnSync(
    process.execPath,
    [path.join('node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', path.join(fixtures, 'vitest.config.ts'), file],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const line =
    run.stdout
      .split('\n')
      .filter((l) => /^\d+ passed, \d+ failed/.test(l))
      .at(-1) ?? `(no closing line)\n${run.stdout}\n${run.stderr}`;
  return { line, status: run.status };
}

describe("the run's closing line", () => {
  it('counts the tests of a suite whose set-up throws as failed, not skipped', () => {
    const { line, status } = closingLine('setup-throws.fixture.ts');
    expect(line).toBe('1 passed, 2 failed, 0 skipped');
    expect(status).not.toBe(0);
  });

  it('counts a file that cannot be loaded as a failure', () => {
    const { line, status } = closingLine('broken-import.fixture.ts');
    expect(line).toBe('0 passed, 1 failed, 0 skipped');
    expect(status).not.toBe(0);
  });
});
