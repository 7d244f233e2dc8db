import { useCallback, useEffect, useState } from 'react';
import type { BadgeStatus } from '../../core/api/printer';
import type { KioskClient } from '../api-client';

/** The latest word on each badge being printed, by visit: the screen showing that visit says it. */
export function useBadgeStatuses(client: KioskClient) {
  const [badges, setBadges] = useState<Record<number, BadgeStatus['status']>>({});
  useEffect(() => client.on('badgeStatus', (status) => setBadges((all) => ({ ...all, [status.visitId]: status.status }))), [client]);
  return useCallback(
    (visit: { visitId: number | null; badge?: 'pending' }) => (visit.visitId !== null && visit.badge ? (badges[visit.visitId] ?? visit.badge) : null),
    [badges],
  );
}
