import type { KioskClient } from '../api-client';
import { PrinterPanel } from './PrinterPanel';
import { ReadersPanel } from './ReadersPanel';
import { VisaListPanel } from './VisaListPanel';

/** The kiosk's health at a glance: readers, printer, visa list. */
export function DevicesPage(props: { client: KioskClient; timeZone: string | undefined; canImport: boolean }) {
  return (
    <div className="panels">
      <ReadersPanel client={props.client} timeZone={props.timeZone} />
      <PrinterPanel api={props.client.api} />
      <VisaListPanel client={props.client} timeZone={props.timeZone} canImport={props.canImport} />
    </div>
  );
}
