import { useCallback, useEffect, useState } from 'react';
import type { KioskApi } from '../../core/api';

/**
 * Whether a badge printer is set up, as the service says: true, false, or null until it has said.
 * Pages offer printing only when one is; recheck() asks again after a refusal.
 */
export function usePrinterSet(api: KioskApi) {
  const [printerSet, setPrinterSet] = useState<boolean | null>(null);
  const recheck = useCallback(
    () =>
      api.printerStatus({}).then(
        (status) => {
          setPrinterSet(status.configured !== null);
          return status.configured !== null;
        },
        () => null,
      ),
    [api],
  );
  useEffect(() => {
    void recheck();
  }, [recheck]);
  return { printerSet, recheck };
}
