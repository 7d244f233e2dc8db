import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The project's own ESLint configuration, run on a line as if it were a file at `file`. */
async function layeringProblems(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'visa-kiosk/layering').map((m) => m.message);
}

describe('the layering rule in npm test (docs/architecture.md, "Layering")', () => {
  it.each([
    ['renderer/screens/New.tsx', "import { dispatch } from '../../service/dispatch';", 'renderer/ may not import from service/'],
    ['renderer/New.tsx', "import { openDatabase } from '../db/open';", 'renderer/ may not import from db/'],
    ['core/new.ts', "import { visits } from '../db/visits';", 'core/ may not import from db/ (core/ may import only from nothing of ours)'],
    ['db/new.ts', "export { x } from '../drivers/readers/em4100';", 'db/ may not import from drivers/'],
    ['drivers/readers/new.ts', "const m = await import('../../service/dispatch');", 'drivers/ may not import from service/'],
    ['electron/new.ts', "import type { Spool } from '../drivers/printers/spool-process';", 'electron/ may not import from drivers/'],
    ['registry/new.ts', "import { dispatch } from '../service/dispatch';", 'registry/ may not import from service/'],
  ])('%s: %s is refused', async (file, source, message) => {
    const problems = await layeringProblems(file, source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it.each([
    ['service/new.ts', "import { visits } from '../db/visits';\nimport { em4100 } from '../drivers/readers/em4100';\nimport { METHODS } from '../core/api';"],
    ['renderer/New.tsx', "import { METHODS } from '../core/api';\nimport { App } from './App';"],
    ['electron/new.ts', "import { dispatch } from '../service/dispatch';"],
    ['test/unit/new.test.ts', "import { dispatch } from '../../service/dispatch';\nimport { App } from '../../renderer/App';"],
    ['registry/new.ts', "import { visits } from '../db/visits';"],
  ])('%s: imports along the table are fine', async (file, source) => {
    expect(await layeringProblems(file, source)).toEqual([]);
  });
});
