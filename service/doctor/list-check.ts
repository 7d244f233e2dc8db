import type { ListStatus } from '../../core/api.js';
import { duration, fail, pass, warn, type CheckResult } from './check.js';

/**
 * The visa list: installed at all, how old, whether the last sync failed, and signed while a
 * public key is configured (a list installed before the key was set is not).
 */
export function listCheck(status: ListStatus, signed: boolean, keyConfigured: boolean): CheckResult {
  if (status.spaces === 0 && status.members === 0) {
    return fail('visa list', `no visa list installed: run visa-kiosk visa sync (or visa import FILE)${status.lastError ? `; the last attempt failed: ${status.lastError}` : ''}`);
  }
  const facts = [
    status.sequence === null ? 'from a CSV' : `sequence ${status.sequence}`,
    `${status.members} members`,
    status.ageSeconds === null ? 'never synced' : `last sync ${duration(status.ageSeconds * 1000)} ago`,
    signed ? 'signed' : keyConfigured ? 'NOT signed' : 'unsigned (no public key configured)',
  ].join(', ');
  if (keyConfigured && !signed) return fail('visa list', `${facts}: a public key is configured, so sync a signed list (visa-kiosk visa sync)`);
  if (status.stale) return warn('visa list', `${facts}: stale (no successful sync within visa.staleDays)${status.lastError ? `; the last attempt failed: ${status.lastError}` : ''}`);
  if (status.lastError) return warn('visa list', `${facts}; the last attempt failed: ${status.lastError}`);
  return pass('visa list', facts);
}
