import Database from 'better-sqlite3';
import type { CheckinResult } from '../../core/api/checkin';
import { demoFeed } from '../../service/demo-data';

/** Every demo member's RFID UID, with who it is: distinct badges, so no tap is a repeat of another. */
export const demoRfids = (): { uid: string; memberId: string }[] =>
  demoFeed().members.map((m) => ({ uid: m.credentials.find((c) => c.kind === 'rfid')!.value, memberId: m.id }));

export interface LoggedVisit {
  id: number;
  at: string;
  local_date: string;
  decision: string;
  reason: string;
  member_id: string | null;
  credential_value: string | null;
  voided_at: string | null;
}

/** Reads the visit log and checks the file, with a plain connection of its own. */
export function readLog(db: string): { visits: LoggedVisit[]; integrity: string } {
  const conn = new Database(db, { readonly: true });
  try {
    return {
      visits: conn
        .prepare('SELECT id, at, local_date, decision, reason, member_id, credential_value, voided_at FROM visits ORDER BY id')
        .all() as LoggedVisit[],
      integrity: conn.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    conn.close();
  }
}

/**
 * The crash-safety invariant, checked against the log on disk: every decision a screen was
 * shown is logged exactly once (matched by credential and time, and by its visit id), no tap
 * is logged twice, and no member is admitted twice on one day.
 */
export function checkShownAreLogged(visits: LoggedVisit[], shown: CheckinResult[]): { problems: string[]; unshown: LoggedVisit[] } {
  const problems: string[] = [];
  const key = (credential: string | null, at: string) => `${credential}@${at}`;
  const byKey = new Map<string, LoggedVisit[]>();
  for (const v of visits) byKey.set(key(v.credential_value, v.at), [...(byKey.get(key(v.credential_value, v.at)) ?? []), v]);
  for (const [k, rows] of byKey) if (rows.length > 1) problems.push(`tap ${k} is logged ${rows.length} times`);
  const shownIds = new Set<number>();
  for (const result of shown) {
    if (result.decision === 'staff' || result.repeat) continue;
    const rows = byKey.get(key(result.credential.value, result.at)) ?? [];
    if (rows.length !== 1) problems.push(`shown ${result.decision} for ${result.credential.value} at ${result.at} is logged ${rows.length} times`);
    else if (rows[0]!.id !== result.visitId || rows[0]!.decision !== result.decision)
      problems.push(`shown visit #${result.visitId} differs from the log's #${rows[0]!.id} ${rows[0]!.decision}`);
    shownIds.add(result.visitId!);
  }
  const admitted = new Map<string, number>();
  for (const v of visits) {
    if (v.decision !== 'admitted' || v.member_id === null || v.voided_at !== null) continue;
    const k = `${v.member_id}/${v.local_date}`;
    admitted.set(k, (admitted.get(k) ?? 0) + 1);
  }
  for (const [k, n] of admitted) if (n > 1) problems.push(`${k} admitted ${n} times`);
  return { problems, unshown: visits.filter((v) => !shownIds.has(v.id)) };
}
