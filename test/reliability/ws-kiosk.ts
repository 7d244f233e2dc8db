/** Set-up shared by the WebSocket limit tests: a demo kiosk served as a real process, and how to read its flood records. */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Rate } from '../../service/token-bucket';
import type { FloodCount } from '../../service/flood-guard';
import { useTempDir } from '../fixtures/temp';
import { Screen } from './screen';
import { serve } from './serve-process';
import { readLog } from './visit-log';

export const TOO_MANY_TAPS = { ok: false, error: { code: 'rate_limited', message: 'too many taps: wait a moment, then tap again' } };
/** The most a bucket of `rate` can let through from `since` (performance.now()) until now. */
export const atMost = (rate: Rate, since: number) => rate.burst + Math.ceil(((performance.now() - since) / 1000) * rate.perSecond);
export const madeUp = (i: number) => `EE${(0xb0000000 + i).toString(16).toUpperCase()}`;

/** A temp folder, a list of steps undone after each test, and a demo kiosk served on a fresh database. */
export function useWsKiosk() {
  const tempDir = useTempDir();
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  async function demoKiosk(dir = tempDir()) {
    const db = path.join(dir, 'kiosk.db');
    const kiosk = await serve(db, ['--demo']);
    cleanup.push(() => kiosk.kill('SIGKILL'));
    const open = async (from?: string) => {
      const screen = await Screen.open(kiosk.url, { ...(typeof from === 'string' && { localAddress: from }) });
      cleanup.push(() => screen.close());
      return screen;
    };
    return { db, kiosk, open };
  }
  return { tempDir, cleanup, demoKiosk };
}

/** The badge-flood summaries in the audit trail, as a manager would read them. */
export function floodSummaries(db: string): { actor: string; sources: FloodCount[] }[] {
  const conn = new Database(db, { readonly: true });
  try {
    const rows = conn.prepare("SELECT actor, detail FROM audit WHERE action = 'badge flood' ORDER BY id").all() as { actor: string; detail: string }[];
    return rows.map((r) => ({ actor: r.actor, sources: (JSON.parse(r.detail) as { sources: FloodCount[] }).sources }));
  } finally {
    conn.close();
  }
}

export const madeUpVisits = (db: string) => readLog(db).visits.filter((v) => v.credential_value?.startsWith('EEB'));
