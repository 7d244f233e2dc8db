import path from 'node:path';
import type { ReaderConfig } from '../../core/readers.js';
import type { SettingKey } from '../../core/settings.js';
import { syncState } from '../../db/sync-state.js';
import { backupFolder, restoreAdvice } from '../backup/names.js';
import type { Kiosk } from '../kiosk.js';
import type { ReaderFactory } from '../reader-hub.js';
import { backupsCheck } from './backups-check.js';
import { fail, type CheckResult } from './check.js';
import { clockCheck } from './clock-check.js';
import { databaseCheck, diskCheck, rescueCheck, type Statfs } from './database-check.js';
import { listCheck } from './list-check.js';
import { printerCheck } from './printer-check.js';
import { readerChecks } from './reader-check.js';
import { spaceCheck } from './space-check.js';

export interface DoctorOptions {
  /** The system clock, which is what the clock check judges. */
  now?: () => Date;
  statfs?: Statfs;
  readerFactory?: ReaderFactory;
  readerWaitMs?: number;
}

/** A check that cannot even run (a damaged table, a spooler that throws) fails on its own line; the others still run. */
async function guarded(check: string, run: () => CheckResult | CheckResult[] | Promise<CheckResult | CheckResult[]>): Promise<CheckResult[]> {
  try {
    return [await run()].flat();
  } catch (error) {
    return [fail(check, (error as Error).message)];
  }
}

/** Everything an installer checks before leaving a kiosk, one result per line. */
export async function runDoctor(service: Kiosk, options: DoctorOptions = {}): Promise<CheckResult[]> {
  const now = (options.now ?? (() => new Date()))();
  const { db } = service;
  const setting = (key: SettingKey) => service.settings.get({ key });
  const results = [
    await guarded('database', () => databaseCheck(db, restoreAdvice(db.name, backupFolder(db.name, setting('backup.folder') as string | null)).text)),
    await guarded('database file', () => rescueCheck(db.name)),
    await guarded('disk', () => diskCheck(path.dirname(db.name), options.statfs)),
    await guarded('clock', () => clockCheck(db, now)),
    await guarded('space', () => spaceCheck(setting('space.id') as string | null, service.desk.info().space, now)),
    await guarded('visa list', () => listCheck(service.visaList.status(), syncState(db).read().signed, setting('visa.publicKey') !== null, now)),
    await guarded('readers', () => readerChecks(setting('readers') as ReaderConfig[], options.readerFactory, options.readerWaitMs)),
    await guarded('printer', async () => printerCheck(await service.badges.printerStatus())),
    await guarded('backups', () => backupsCheck(backupFolder(db.name, setting('backup.folder') as string | null), db.name, now)),
  ];
  return results.flat();
}
