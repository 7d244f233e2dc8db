import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Folders of test files by how long a file in them takes on average (6 December: Chromium
 * walks 17 s, the bench 14 s, … the renderer 1.3 s). With no timings of its own (a clean clone,
 * as in CI) Vitest runs larger files first, and 9-line files that walk every screen ran last,
 * leaving one worker alone with them for most of a minute.
 */
const SLOWEST_FIRST = ['e2e', 'bench', 'cli', 'reliability', 'registry', 'export', 'printers', 'electron', 'integration', 'renderer'];

function folderRank(file: TestSpecification): number {
  const [, folder] = path.relative(file.project.config.root, file.moduleId).split(path.sep);
  const rank = SLOWEST_FIRST.indexOf(folder ?? '');
  return rank === -1 ? SLOWEST_FIRST.length : rank;
}

/** Vitest's own order where it has timed every file before; slow folders first where it has not. */
export class SlowFoldersFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const timed = sorted.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${path.relative(this.ctx.config.root, f.moduleId)}`));
    if (timed) return sorted;
    const projects = [...new Set(sorted.map((f) => f.project.name))];
    return sorted
      .map((file, i) => ({ file, i }))
      .sort((a, b) => projects.indexOf(a.file.project.name) - projects.indexOf(b.file.project.name) || folderRank(a.file) - folderRank(b.file) || a.i - b.i)
      .map(({ file }) => file);
  }
}
