// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExportInput } from '../../core/api/export';
import { parseInput } from '../../service/validate';
import { serviceRefusal } from '../fixtures/fake-kiosk';
import { openPage, signInAs, startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const MANAGER_PAGES = ['Exports', 'Settings', 'Staff accounts', 'Privacy', 'Audit trail', 'Alliance'];
const pages = () =>
  within(screen.getByRole('navigation', { name: 'Staff mode sections' }))
    .getAllByRole('button')
    .map((b) => b.textContent);

/** What a date's lists show, in their order on screen. */
const shownDate = (label: string) =>
  within(screen.getByRole('group', { name: label }))
    .getAllByRole('combobox')
    .map((list) => (list as HTMLSelectElement).selectedOptions[0]!.textContent);

function pickDate(label: string, parts: { day?: number; month?: number }) {
  const group = within(screen.getByRole('group', { name: label }));
  if (parts.month) fireEvent.change(group.getByRole('combobox', { name: 'Month' }), { target: { value: String(parts.month) } });
  if (parts.day) fireEvent.change(group.getByRole('combobox', { name: 'Day' }), { target: { value: String(parts.day) } });
}

describe('who sees the manager console', () => {
  it('staff see only the front-desk pages', async () => {
    await signInAs('staff');
    expect(pages()).toEqual(['Today', 'On site now', 'Check in by hand', 'Day pass', 'Expected visitors', 'Devices']);
  });

  it('a manager sees the manager pages too', async () => {
    await signInAs('manager');
    expect(pages()).toEqual(['Today', 'On site now', 'Check in by hand', 'Day pass', 'Expected visitors', 'Devices', ...MANAGER_PAGES]);
  });
});

describe('exports', () => {
  it('defaults to this month, and downloads what prepareExport returns through a link', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-21T12:00:00Z'));
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href')!, download: this.download });
    });
    const kiosk = await signInAs('manager');
    openPage('Exports');
    // Day, month by name, year: the order and words of the kiosk's language, not the browser's date field.
    expect(shownDate('From')).toEqual(['1', 'November', '2026']);
    expect(shownDate('To')).toEqual(['30', 'November', '2026']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Kind of visit' }), { target: { value: 'visa' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Home space, by its id (optional)' }), { target: { value: ' cedar-commons ' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Opens in Excel (adds a byte-order mark)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));

    expect((await screen.findByRole('status')).textContent).toBe('Download started: visits-2026-11-01-2026-11-30.csv');
    expect(clicked).toEqual([{ href: '/exports/abc123/visits-2026-11-01-2026-11-30.csv', download: 'visits-2026-11-01-2026-11-30.csv' }]);
    expect(kiosk.api.prepareExport).toHaveBeenCalledWith({
      report: 'visits',
      from: '2026-11-01',
      to: '2026-11-30',
      format: 'csv',
      kind: 'visa',
      space: 'cedar-commons',
      bom: true,
    });
  });

  it('the per-space report as JSON, with no BOM', async () => {
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const kiosk = await signInAs('manager');
    openPage('Exports');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Opens in Excel (adds a byte-order mark)' }));
    // Filters chosen for the visit log do not follow to the per-space report, nor are they offered there.
    fireEvent.change(screen.getByRole('combobox', { name: 'Kind of visit' }), { target: { value: 'visa' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Visits per home space' }));
    expect(screen.queryByRole('combobox', { name: 'Kind of visit' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Home space, by its id (optional)' })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    expect((screen.getByRole('checkbox', { name: 'Opens in Excel (adds a byte-order mark)' }) as HTMLInputElement).disabled).toBe(true);
    pickDate('From', { month: 1 });
    pickDate('To', { month: 3, day: 31 });
    expect(shownDate('To')).toEqual(['31', 'March', '2026']);
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    await waitFor(() =>
      expect(kiosk.api.prepareExport).toHaveBeenCalledWith({ report: 'spaces', from: '2026-01-01', to: '2026-03-31', format: 'json', bom: false }),
    );
  });

  it('in the Electron app, the shell saves the file where the manager chooses', async () => {
    const kiosk = await startKiosk();
    kiosk.shell.saveExport = vi.fn(async () => ({ saved: true, path: '/home/desk/visits.csv' }));
    await signInAs('manager', kiosk);
    openPage('Exports');
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved to /home/desk/visits.csv');
    expect(kiosk.shell.saveExport).toHaveBeenCalledWith(expect.objectContaining({ report: 'visits', format: 'csv', bom: false }));
    expect(kiosk.api.prepareExport).not.toHaveBeenCalled();
  });

  it('shows the service’s refusal in the screen’s words, not the service’s', async () => {
    const kiosk = await signInAs('manager');
    kiosk.api.prepareExport.mockRejectedValueOnce(serviceRefusal(() => parseInput(ExportInput, { from: '2026-11-30', to: '2026-11-01' })));
    openPage('Exports');
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Something typed here is not written the right way.');
  });
});
