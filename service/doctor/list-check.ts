import type { ListStatus } from '../../core/api/visa-list.js';
import { PLAIN_HTTP_REGISTRY_WARNING, PLAIN_HTTP_WARNING, staleText } from '../../core/list-freshness.js';
import { fail, lastSyncWords, pass, warn, type CheckResult } from './check.js';

/**
 * The visa list: installed at all, how old (by its own generatedAt), whether the last sync failed
 * or came over plain http, and signed while a public key is configured (a list installed before
 * the key was set is not).
 */
export function listCheck(status: ListStatus, signed: boolean, keyConfigured: boolean, now = new Date()): CheckResult {
  if (status.spaces === 0 && status.members === 0) {
    return fail(
      'visa list',
      `no visa list installed: run visa-kiosk visa sync (or visa import FILE)${status.lastError ? `; the last attempt failed: ${status.lastError}` : ''}`,
    );
  }
  const facts = [
    status.sequence === null ? 'from a CSV' : `sequence ${status.sequence}`,
    `${status.members} members`,
    status.generatedAt === null ? 'no generatedAt' : `generated ${status.generatedAt}`,
    lastSyncWords(status.lastSyncAt, now),
    signed ? 'signed' : keyConfigured ? 'NOT signed' : 'unsigned (no public key configured)',
  ].join(', ');
  if (keyConfigured && !signed) return fail('visa list', `${facts}: a public key is configured, so sync a signed list (visa-kiosk visa sync)`);
  const warnings = [
    ...(status.staleReason ? [`stale: ${staleText(status.staleReason)}`] : []),
    ...(status.lastError ? [`the last attempt failed: ${status.lastError}`] : []),
    ...(status.plainHttpFeed ? [status.source === 'registry' ? PLAIN_HTTP_REGISTRY_WARNING : PLAIN_HTTP_WARNING] : []),
  ];
  if (warnings.length > 0) return warn('visa list', `${facts}; ${warnings.join('; ')}`);
  return pass('visa list', facts);
}
