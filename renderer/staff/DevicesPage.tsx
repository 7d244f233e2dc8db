import type { KioskClient } from '../api-client';
import { PrinterPanel } from './PrinterPanel';
import { ReadersPanel } from './ReadersPanel';
import { VisaListPanel } from './VisaListPanel';
import { WedgePanel } from './WedgePanel';
import type { Place } from './format';

/** The kiosk's health at a glance: readers (and the keyboard wedge's pace), printer, visa list. `manager`: a manager is signed in. */
export function DevicesPage(props: { client: KioskClient; place: Place; manager: boolean }) {
  return (
    <div className="panels">
      <ReadersPanel client={props.client} place={props.place} />
      <WedgePanel api={props.client.api} canSet={props.manager} />
      <PrinterPanel api={props.client.api} />
      <VisaListPanel client={props.client} place={props.place} canImport={props.manager} />
    </div>
  );
}
