// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SETTINGS } from '../../core/settings';
import { settingRefused } from '../../service/validate';
import { serviceRefusal } from '../fixtures/fake-kiosk';
import { openPage, signInAs, startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
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
