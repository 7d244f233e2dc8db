// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExportInput } from '../../core/api/export';
import { KioskError } from '../../core/errors';
import { SETTINGS } from '../../core/settings';
import { parseInput, settingRefused } from '../../service/validate';
import { serviceRefusal } from '../fixtures/fake-kiosk';
import { openPage, signInAs, startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const MANAGER_PAGES = ['Exports', 'Settings', 'Staff accounts', 'Privacy', 'Audit trail'];
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
    expect(pages()).toEqual(['Today', 'Check in by hand', 'Day pass', 'Expected visitors', 'Devices']);
  });

  it('a manager sees the manager pages too', async () => {
    await signInAs('manager');
    expect(pages()).toEqual(['Today', 'Check in by hand', 'Day pass', 'Expected visitors', 'Devices', ...MANAGER_PAGES]);
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
    fireEvent.change(screen.getByRole('textbox', { name: 'Home space id (optional)' }), { target: { value: ' cedar-commons ' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Excel (BOM)' }));
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
    fireEvent.click(screen.getByRole('checkbox', { name: 'Excel (BOM)' }));
    // Filters chosen for the visit log do not follow to the per-space report, nor are they offered there.
    fireEvent.change(screen.getByRole('combobox', { name: 'Kind of visit' }), { target: { value: 'visa' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Visits per home space' }));
    expect(screen.queryByRole('combobox', { name: 'Kind of visit' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Home space id (optional)' })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    expect((screen.getByRole('checkbox', { name: 'Excel (BOM)' }) as HTMLInputElement).disabled).toBe(true);
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

describe('settings', () => {
  const settings = {
    'space.id': 'harbour-works',
    'kiosk.idleSeconds': 20,
    'kiosk.language': 'en',
    'visa.feedUrl': null,
    'visa.syncMinutes': 15,
    'visa.staleDays': 3,
    'visa.publicKey': null,
    readers: [{ id: 'desk', type: 'serial', path: '/dev/ttyUSB0', protocol: 'em4100' }],
    'reader.repeatSeconds': 3,
    'printer.name': null,
    'printer.format': 'pdf',
    'printer.label': '62x100mm',
    'printer.timeoutSeconds': 30,
    'privacy.retentionDays': 90,
    'backup.folder': null,
    'backup.keep': 14,
  };

  async function settingsPage() {
    const kiosk = await startKiosk();
    kiosk.api.listSettings.mockResolvedValue(settings);
    await signInAs('manager', kiosk);
    openPage('Settings');
    await screen.findByRole('form', { name: 'Seconds before the welcome screen comes back' });
    return kiosk;
  }

  it('shows each setting in its own form, saved on its own', async () => {
    const kiosk = await settingsPage();
    expect(screen.getAllByRole('form')).toHaveLength(Object.keys(settings).length);
    const idle = screen.getByRole('form', { name: 'Seconds before the welcome screen comes back' });
    const field = within(idle).getByRole('textbox') as HTMLInputElement;
    expect(field.value).toBe('20');
    fireEvent.change(field, { target: { value: '45' } });
    fireEvent.click(within(idle).getByRole('button', { name: 'Save' }));
    await within(idle).findByText('Saved.');
    expect(kiosk.api.setSetting).toHaveBeenCalledWith({ key: 'kiosk.idleSeconds', value: '45' });

    const readers = within(screen.getByRole('form', { name: 'Badge readers (JSON)' })).getByRole('textbox') as HTMLTextAreaElement;
    expect(JSON.parse(readers.value)).toEqual(settings.readers);
    const language = within(screen.getByRole('form', { name: 'Language of the welcome screen' })).getByRole('combobox') as HTMLSelectElement;
    expect(language.value).toBe('en');
    expect([...language.options].map((o) => o.textContent)).toEqual(['English', 'Français', 'Deutsch', 'Español']);
    const label = within(screen.getByRole('form', { name: 'Badge label size' })).getByRole('combobox') as HTMLSelectElement;
    expect(label.selectedOptions[0]!.textContent).toBe('62 × 100 mm (Brother QL)');
    within(screen.getByRole('form', { name: 'Alliance public key (PEM)' })).getByRole('textbox');
  });

  it('warns beside the feed address while it is plain http', async () => {
    await settingsPage();
    const feed = screen.getByRole('form', { name: 'Address of the visa list (URL)' });
    const warning =
      'The feed address starts with http:, not https:. Anyone on the network can hold back new lists or send an old one. Ask for an https address.';
    expect(within(feed).queryByText(warning)).toBeNull();
    fireEvent.change(within(feed).getByRole('textbox'), { target: { value: 'http://alliance.example/list.json' } });
    within(feed).getByText(warning);
    fireEvent.change(within(feed).getByRole('textbox'), { target: { value: 'https://alliance.example/list.json' } });
    expect(within(feed).queryByText(warning)).toBeNull();
  });

  it('clears the badge printer through the service, so no badges are printed', async () => {
    const kiosk = await settingsPage();
    const printer = screen.getByRole('form', { name: 'Badge printer (queue name)' });
    const field = within(printer).getByRole('textbox') as HTMLInputElement;
    fireEvent.change(field, { target: { value: 'Brother_QL' } });
    fireEvent.click(within(printer).getByRole('button', { name: 'Save' }));
    await within(printer).findByText('Saved.');
    fireEvent.click(within(printer).getByRole('button', { name: 'No badge printer' }));
    await waitFor(() => expect(field.value).toBe(''));
    await within(printer).findByText('Saved.');
    expect(kiosk.api.unsetSetting).toHaveBeenCalledWith({ key: 'printer.name' });
    expect(within(screen.getByRole('form', { name: 'Badge label size' })).queryByRole('button', { name: 'No badge printer' })).toBeNull();
  });

  it('shows the service’s refusal next to the field', async () => {
    const kiosk = await settingsPage();
    const parsed = SETTINGS['visa.feedUrl'].schema.safeParse('ftp://alliance.example/list');
    kiosk.api.setSetting.mockRejectedValueOnce(
      serviceRefusal(() => {
        if (!parsed.success) throw settingRefused('visa.feedUrl', parsed.error.issues[0]!);
      }),
    );
    const feed = screen.getByRole('form', { name: 'Address of the visa list (URL)' });
    fireEvent.change(within(feed).getByRole('textbox'), { target: { value: 'ftp://alliance.example/list' } });
    fireEvent.click(within(feed).getByRole('button', { name: 'Save' }));
    expect((await within(feed).findByRole('alert')).textContent).toBe('“Address of the visa list (URL)” must be a web address starting with https://.');
    expect(within(feed).getByRole('textbox').getAttribute('aria-invalid')).toBe('true');
    expect(within(screen.getByRole('form', { name: 'This space’s id in the visa list' })).queryByRole('alert')).toBeNull();
  });
});

describe('staff accounts', () => {
  async function accountsPage() {
    const kiosk = await startKiosk();
    kiosk.api.listStaff.mockResolvedValue([
      { id: 1, name: 'Rosa Díaz', role: 'staff', hasBadge: true },
      { id: 2, name: 'Maya Okafor', role: 'manager', hasBadge: false },
    ]);
    await signInAs('manager', kiosk);
    openPage('Staff accounts');
    await screen.findByRole('table');
    return kiosk;
  }

  it('adds an account with the PIN typed twice', async () => {
    const kiosk = await accountsPage();
    const form = screen.getByRole('form', { name: 'Add a staff member' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Tomás Silva' } });
    fireEvent.change(within(form).getByRole('combobox', { name: 'Role' }), { target: { value: 'manager' } });
    fireEvent.change(within(form).getByLabelText('PIN (4 to 12 digits)'), { target: { value: '8642' } });
    fireEvent.change(within(form).getByLabelText('The same PIN again'), { target: { value: '8643' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Staff badge number (optional)' }), { target: { value: '0F00ABCDEF' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    expect(within(form).getByRole('alert').textContent).toBe('The two PINs are not the same.');
    expect(kiosk.api.addStaff).not.toHaveBeenCalled();
    fireEvent.change(within(form).getByLabelText('The same PIN again'), { target: { value: '8642' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add' }));
    expect((await screen.findByRole('status')).textContent).toBe('Tomás Silva is added.');
    expect(kiosk.api.addStaff).toHaveBeenCalledWith({ name: 'Tomás Silva', role: 'manager', pin: '8642', badge: '0F00ABCDEF' });
    expect(kiosk.api.listStaff).toHaveBeenCalledTimes(2);
  });

  it('shows the service’s refusal of a new account', async () => {
    const kiosk = await accountsPage();
    kiosk.api.addStaff.mockRejectedValueOnce(
      serviceRefusal(() => {
        throw new KioskError('the badge 0F00ABCDEF already belongs to another staff member', 'invalid', { detail: { what: 'badge_taken' } });
      }),
    );
    const form = screen.getByRole('form', { name: 'Add a staff member' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Tomás Silva' } });
    fireEvent.change(within(form).getByLabelText('PIN (4 to 12 digits)'), { target: { value: '8642' } });
    fireEvent.change(within(form).getByLabelText('The same PIN again'), { target: { value: '8642' } });
    fireEvent.submit(form);
    expect((await within(form).findByRole('alert')).textContent).toBe('This badge already belongs to another staff member.');
  });

  it('disables an account after a confirmation', async () => {
    const kiosk = await accountsPage();
    const rosa = screen.getByRole('row', { name: /Rosa Díaz/ });
    within(rosa).getByText('Staff');
    fireEvent.click(within(rosa).getByRole('button', { name: 'Disable' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Disable Rosa Díaz?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(kiosk.api.disableStaff).not.toHaveBeenCalled();
    fireEvent.click(within(screen.getByRole('row', { name: /Rosa Díaz/ })).getByRole('button', { name: 'Disable' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, disable' }));
    expect((await screen.findByRole('status')).textContent).toBe('Rosa Díaz is disabled.');
    expect(kiosk.api.disableStaff).toHaveBeenCalledWith({ id: 1 });
  });
});

describe('privacy', () => {
  it('shows the retention period, and erases a person after a confirmation', async () => {
    const kiosk = await startKiosk();
    kiosk.api.listSettings.mockResolvedValue({ 'privacy.retentionDays': 60 });
    kiosk.api.erasePerson.mockResolvedValueOnce({ erased: 2 });
    await signInAs('manager', kiosk);
    openPage('Privacy');
    await screen.findByText('Guests’ names and emails are kept for 60 days, then erased.');
    fireEvent.change(screen.getByRole('textbox', { name: 'Email address' }), { target: { value: 'alan@k.pt' } });
    fireEvent.click(screen.getByRole('button', { name: 'Erase' }));
    screen.getByRole('alertdialog', { name: 'Erase every guest record of alan@k.pt?' });
    expect(kiosk.api.erasePerson).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, erase' }));
    expect((await screen.findByRole('status')).textContent).toBe('Guest records erased: 2.');
    expect(kiosk.api.erasePerson).toHaveBeenCalledWith({ email: 'alan@k.pt' });
  });
});

describe('audit trail', () => {
  const entries = [
    {
      id: 8,
      at: '2026-11-21T10:41:00.000Z',
      actor: 'Rosa Díaz (#1)',
      action: 'override',
      detail: { visit: 12, admittedAs: 13, reason: 'agreed', before: { decision: 'denied', reason: 'space_not_participating' } },
    },
    { id: 7, at: '2026-11-21T10:30:00.000Z', actor: 'Rosa Díaz (#1)', action: 'sign in', detail: { with: 'PIN' } },
  ];

  it('lists the latest entries, summarised, under an intact banner', async () => {
    const kiosk = await startKiosk();
    kiosk.api.auditLog.mockResolvedValue({ entries, intact: true, problem: null });
    await signInAs('manager', kiosk);
    openPage('Audit trail');
    expect((await screen.findByRole('status')).textContent).toBe('The audit trail is intact.');
    expect(kiosk.api.auditLog).toHaveBeenCalledWith({ limit: 200 });
    const override = screen.getByRole('row', { name: /override/ });
    within(override).getByText('Rosa Díaz (#1)');
    within(override).getByText('visit: 12, admittedAs: 13, reason: agreed, before: {"decision":"denied","reason":"space_not_participating"}');
  });

  it('says TAMPERED, with the problem, when the chain is broken', async () => {
    const kiosk = await startKiosk();
    kiosk.api.auditLog.mockResolvedValue({ entries, intact: false, problem: 'entry #7 does not match its hash' });
    await signInAs('manager', kiosk);
    openPage('Audit trail');
    expect((await screen.findByRole('alert')).textContent).toBe('TAMPERED: entry #7 does not match its hash');
  });
});
