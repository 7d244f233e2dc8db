import fs from 'node:fs';
import { keysDocumentPath } from './key-files.js';
import { loadKeys, type RegistryKeys } from './keys-document.js';

/** What tells one keys.json from the next without reading it. */
function stampOf(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/**
 * Follows `registry key rotate` run beside a serving registry: once keys.json names a newer
 * version whose key is on disk, `onRotated` gets it, so the registry signs with the new key
 * without a restart. A keys document that cannot be used is said once in the log, and the
 * registry goes on signing with the key it has. Calls made while one is under way share it.
 */
export function keyFollower(dir: string, current: RegistryKeys, onRotated: (keys: RegistryKeys) => void, log: (line: string) => void) {
  const file = keysDocumentPath(dir);
  let seen = stampOf(file);
  let told = '';
  let under: Promise<void> | null = null;
  const follow = async (): Promise<void> => {
    const stamp = stampOf(file);
    if (stamp === seen) return;
    try {
      const next = await loadKeys(dir, { finishRotation: false });
      seen = stamp;
      if (next.document.version <= current.document.version) return;
      current = next;
      onRotated(next);
    } catch (error) {
      const line = `${(error as Error).message}: still signing with online key version ${current.document.version}`;
      if (line !== told) log(`warning: ${line}`);
      told = line;
    }
  };
  return (): Promise<void> => (under ??= follow().finally(() => (under = null)));
}
