import { createContext, useContext } from 'react';

/**
 * The keyboard wedge's limit between keys, shared by the kiosk (which listens for scans) and
 * the Devices page (which shows it and learns it from a scan, while the kiosk stops listening).
 */
export interface WedgeControl {
  gapMs: number;
  setGapMs: (ms: number) => void;
  setLearning: (learning: boolean) => void;
}

export const WedgeContext = createContext<WedgeControl | null>(null);

export function useWedgeControl(): WedgeControl | null {
  return useContext(WedgeContext);
}
