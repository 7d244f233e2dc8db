// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterStatus } from '../../core/api/printer';
import { visit } from '../fixtures/fake-kiosk';
import { openPage, signInAs, startKiosk } from './staff-session';

afterEach(cleanup);

const stoppedQueue: PrinterStatus = {
  configured: { name: 'Brother_QL', format: 'pdf', label: '62x100mm' },
  queue: { name: 'Brother_QL', state: 'stopped', acceptingJobs: true, isDefault: false, description: '', message: 'Paused' },
  detail: 'Brother_QL is stopped: Paused',
  reason: { state: 'stopped', queue: 'Brother_QL', spooler: 'Paused' },
};

/** What cannot print is a warning at the desk, never styled green like something done. */
describe('the printer’s troubles at the front desk', () => {
  it('Today says there is no badge printer as a warning, not a success', async () => {
    const kiosk = await startKiosk();
    kiosk.api.todaysVisits.mockResolvedValue([visit({ id: 11, name: 'Inês Carvalho' })]);
    await signInAs('staff', kiosk);
    const notice = await screen.findByText('No badge printer is set up, so badges cannot be reprinted. A manager can choose one in the settings.');
    expect(notice.className).toBe('warning');
  });

  it('a reprint that failed is a warning; one that printed is a notice', async () => {
    const kiosk = await startKiosk();
    kiosk.api.todaysVisits.mockResolvedValue([visit({ id: 11, name: 'Inês Carvalho' })]);
    kiosk.api.printerStatus.mockResolvedValue({
      ...stoppedQueue,
      queue: { ...stoppedQueue.queue!, state: 'idle' },
      reason: { state: 'ready', queue: 'Brother_QL' },
    });
    kiosk.api.reprintBadge.mockResolvedValueOnce({ status: 'failed', jobId: null, detail: '', reason: { state: 'not_accepting', queue: 'Brother_QL' } });
    await signInAs('staff', kiosk);
    const row = await screen.findByRole('row', { name: /Inês Carvalho/ });
    fireEvent.click(await within(row).findByRole('button', { name: 'Reprint badge' }));
    const failed = await screen.findByRole('status');
    expect(failed.textContent).toBe('Badge not printed: The printer Brother_QL is not taking new badges.');
    expect(failed.className).toBe('warning');
    fireEvent.click(within(row).getByRole('button', { name: 'Reprint badge' }));
    await screen.findByText('Badge printed: Sent to Brother_QL as job 13.');
    expect(screen.getByRole('status').className).toBe('notice');
  });

  it('the Devices tab warns of a stopped queue in words, with the spooler’s word after them', async () => {
    const kiosk = await startKiosk();
    kiosk.api.printerStatus.mockResolvedValue(stoppedQueue);
    await signInAs('staff', kiosk);
    openPage('Devices');
    const printer = screen.getByRole('region', { name: 'Badge printer' });
    const state = await within(printer).findByText(
      'The printer Brother_QL is stopped: check that it is switched on and has labels. The printer says: “Paused”',
    );
    expect(state.className).toBe('warning');
    within(printer).getByText('Brother_QL · PDF, through the printer’s driver · 62 × 100 mm (Brother QL)');
    expect(within(printer).queryByText(/Brother_QL is stopped: Paused/)).toBeNull();
  });
});
