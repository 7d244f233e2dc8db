import { KioskError } from '../../core/errors.js';
import { TermsInput } from '../../core/registry/roster.js';
import { describeIssueOf } from '../../core/schema-messages.js';
import type { Db } from '../../db/open.js';
import { writeTx } from '../../db/write-tx.js';
import { recordChange } from './changes.js';
import type { Write } from './members.js';
import { writableSpace } from './space-guard.js';

interface TermsRow {
  accepts_visitors: number;
  free_days_per_month: number;
  notice_hours: number;
  notes: string;
  day_pass_price: string | null;
  day_pass_currency: string | null;
}

/** A space's terms in words, for the change log: "accepts visitors, 3 free days a month, no notice, day pass 25.00 EUR". */
export function termsSummary(t: TermsRow): string {
  return [
    t.accepts_visitors ? 'accepts visitors' : 'accepts no visitors',
    `${t.free_days_per_month} free day${t.free_days_per_month === 1 ? '' : 's'} a month`,
    t.notice_hours ? `${t.notice_hours} h notice` : 'no notice',
    t.day_pass_price === null ? 'no day pass' : `day pass ${t.day_pass_price} ${t.day_pass_currency}`,
  ].join(', ');
}

/**
 * Sets the fields sent of a space's terms (the visa's fields one by one; the day pass whole, null
 * for none); the others stay as they are.
 */
export function setTerms(db: Db, w: Write & { terms: unknown }): { changeId: number | null } {
  const parsed = TermsInput.safeParse(w.terms);
  if (!parsed.success) throw new KioskError(describeIssueOf('terms', parsed.error.issues[0]!), 'invalid');
  const sentVisa = new Set(Object.keys((w.terms as { visa?: object }).visa ?? {}));
  const visa = Object.fromEntries(Object.entries(parsed.data.visa ?? {}).filter(([key]) => sentVisa.has(key)));
  const dayPass = parsed.data.dayPass;
  return writeTx(db, `space ${w.space}'s terms`, () => {
    writableSpace(db, w.space);
    const before = db
      .prepare('SELECT accepts_visitors, free_days_per_month, notice_hours, notes, day_pass_price, day_pass_currency FROM spaces WHERE id = ?')
      .get(w.space) as TermsRow;
    const after: TermsRow = {
      accepts_visitors: visa.accepts === undefined ? before.accepts_visitors : Number(visa.accepts),
      free_days_per_month: (visa.freeDaysPerMonth as number | undefined) ?? before.free_days_per_month,
      notice_hours: (visa.noticeHours as number | undefined) ?? before.notice_hours,
      notes: (visa.notes as string | undefined) ?? before.notes,
      day_pass_price: dayPass === undefined ? before.day_pass_price : (dayPass?.price ?? null),
      day_pass_currency: dayPass === undefined ? before.day_pass_currency : (dayPass?.currency ?? null),
    };
    if ((Object.keys(after) as (keyof TermsRow)[]).every((k) => after[k] === before[k])) return { changeId: null };
    db.prepare(
      'UPDATE spaces SET accepts_visitors = ?, free_days_per_month = ?, notice_hours = ?, notes = ?, day_pass_price = ?, day_pass_currency = ?, updated_at = ? WHERE id = ?',
    ).run(
      after.accepts_visitors,
      after.free_days_per_month,
      after.notice_hours,
      after.notes,
      after.day_pass_price,
      after.day_pass_currency,
      new Date().toISOString(),
      w.space,
    );
    const summary = termsSummary(after);
    return { changeId: recordChange(db, { actor: w.actor, space: w.space, kind: 'terms_set', target: { kind: 'space', id: w.space }, summary }) };
  });
}
