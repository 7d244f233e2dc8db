import os from 'node:os';
import path from 'node:path';

/** The per-user data folder each OS expects applications to use. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'visa-kiosk');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'visa-kiosk');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'visa-kiosk');
}

/** `--db`, else VISA_KIOSK_DB, else kiosk.db in the per-user data folder (docs/operators.md, "Command line"). */
export function resolveDatabasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? (env.VISA_KIOSK_DB || path.join(defaultDataDir(env), 'kiosk.db')));
}
