import type { ValidInput } from '../../core/api.js';
import type { DayPassResult } from '../../core/api/checkin.js';
import { localDate } from '../../core/calendar.js';
import { KioskError } from '../../core/errors.js';
import type { VisaList } from '../../db/visa-list.js';
import type { PendingBadge } from './badges.js';
import type { VisitLog } from './decide.js';

/**
 * A day pass sold at `at`, inside the transaction that logs its visit: the guest, the visit and
 * its badge (marked pending by `markPending` when a printer is set).
 */
export function sellDayPass(
  log: VisitLog,
  list: VisaList,
  { name, email, company, visiting, memberId }: ValidInput<'sellDayPass'>,
  at: Date,
  markPending: (badge: PendingBadge['badge']) => PendingBadge | null,
): { pass: DayPassResult; badge: PendingBadge | null } {
  const { host, visits } = log;
  if (!host.dayPass) throw new KioskError(`${host.name} does not sell day passes (the visa list gives no price)`);
  const member = memberId ? list.member(memberId) : null;
  if (memberId && !member) throw new KioskError(`no member "${memberId}" in the visa list`, 'not_found');
  const stamp = at.toISOString();
  const today = localDate(at, host.timezone);
  const guestId = log.guests.add({ name, email: email || null, company: company || null, visiting: visiting || null, createdAt: stamp });
  const home = member ? list.space(member.spaceId) : null;
  const visitId = visits.log({
    at: stamp,
    localDate: today,
    kind: 'day_pass',
    decision: 'admitted',
    reason: 'day_pass',
    guestId,
    memberId: member?.id,
    memberName: member?.name,
    homeSpaceId: member?.spaceId,
    homeSpaceName: home?.name,
    price: host.dayPass.price,
    currency: host.dayPass.currency,
  });
  const pass: DayPassResult = { visitId, guestId, name, price: host.dayPass.price, currency: host.dayPass.currency, at: stamp, localDate: today };
  return { pass, badge: markPending({ name, kind: 'day_pass', homeSpace: home?.name ?? null, hostSpace: host.name, validOn: today, visitId }) };
}
