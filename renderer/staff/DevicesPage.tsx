import type { KioskClient } from '../api-client';
import { PrinterPanel } from './PrinterPanel';
import { ReadersPanel } from './ReadersPanel';
import { VisaListPanel } from './VisaListPanel';
import type { Place } from './format';

/** The kiosk's health at a glance: readers, printer, visa list. */
export function DevicesPage(props: { client: KioskClient; place: Place; canImport: boolean }) {
  return (
    <div className="panels">
      <ReadersPanel client={props.client} place={props.place} />
      <PrinterPanel api={props.client.api} />
      <VisaListPanel client={props.client} place={props.place} canImport={props.canImport} />
    </div>
  );
}
