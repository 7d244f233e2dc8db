import type { KioskClient } from '../api-client';
import { PrinterPanel } from './PrinterPanel';
import { ReadersPanel } from './ReadersPanel';
import { VisaListPanel } from './VisaListPanel';
import { WedgePanel } from './WedgePanel';

/** The kiosk's health at a glance: readers (and the keyboard wedge's pace), printer, visa list. `manager`: a manager is signed in. */
export function DevicesPage(props: { client: KioskClient; timeZone: string | undefined; manager: boolean }) {
  return (
    <div className="panels">
      <ReadersPanel client={props.client} timeZone={props.timeZone} />
      <WedgePanel api={props.client.api} canSet={props.manager} />
      <PrinterPanel api={props.client.api} />
      <VisaListPanel client={props.client} timeZone={props.timeZone} canImport={props.manager} />
    </div>
  );
}
