// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decision } from '../fixtures/fake-kiosk';
import { openPage, refused, signInAs, startKiosk } from './staff-session';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('devices', () => {
  it('shows readers live, the last read, the printer and the visa list; tests the printer and syncs', async () => {
    const kiosk = await startKiosk();
    kiosk.api.readerStatuses.mockResolvedValue([
      { readerId: 'desk', state: 'connected', detail: 'EM4100 on /dev/ttyUSB0', reason: { state: 'listening', device: '/dev/ttyUSB0' }, badFrames: 0 },
    ]);
    kiosk.api.printerStatus.mockResolvedValue({
      configured: { name: 'Brother_QL', format: 'pdf', label: '62x100mm' },
      queue: { name: 'Brother_QL', state: 'idle', acceptingJobs: true, isDefault: false, description: '', message: '' },
      detail: 'ready',
      reason: { state: 'ready', queue: 'Brother_QL' },
    });
    kiosk.api.listStatus.mockResolvedValue({
      ...(await kiosk.api.listStatus({})),
      stale: true,
      staleReason: 'too_old',
      plainHttpFeed: true,
      lastError: 'the server answered 503 Service Unavailable for https://alliance.example/visa.json',
      lastErrorDetail: { what: 'feed_refused', status: 503 },
    });
    await signInAs('staff', kiosk);
    openPage('Devices');

    const readers = screen.getByRole('region', { name: 'Badge readers' });
    await within(readers).findByText('Connected');
    act(() =>
      kiosk.emit('readerStatus', {
        readerId: 'desk',
        state: 'disconnected',
        detail: 'unplugged',
        reason: { state: 'went_away', device: '/dev/ttyUSB0' },
        badFrames: 2,
      }),
    );
    within(readers).getByText('Not connected');
    within(readers).getByText('/dev/ttyUSB0 was unplugged: waiting for it to come back.');
    within(readers).getByText('Bad reads: 2');
    const testRead = within(readers).getByRole('status', { name: 'Test read' });
    within(testRead).getByText('Tap a badge on a reader: what it reads shows here.');
    act(() => kiosk.emit('checkin', decision({ credential: { kind: 'rfid', value: '1000A1B200' }, at: '2026-11-21T10:00:00.000Z' })));
    within(testRead).getByText('RFID · 1000A1B200');
    within(testRead).getByText('Read at 10:00: admitted · Ada Lovelace');

    const printer = screen.getByRole('region', { name: 'Badge printer' });
    await within(printer).findByText('Brother_QL · PDF, through the printer’s driver · 62 × 100 mm (Brother QL)');
    fireEvent.click(within(printer).getByRole('button', { name: 'Test print' }));
    within(printer).getByText('The printer Brother_QL is ready.');
    expect((await within(printer).findByRole('status')).textContent).toBe('Printed: Sent to Brother_QL as job 12.');

    const list = screen.getByRole('region', { name: 'Visa list' });
    await within(list).findByText(
      'The list is out of date: it was made too long ago. The feed server may be sending an old list: check the feed address and sync it.',
    );
    within(list).getByText(
      'The feed address starts with http:, not https:. Anyone on the network can hold back new lists or send an old one. Ask for an https address.',
    );
    within(list).getByText('Last problem: The visa list could not be fetched: the server answered with error 503. Check the address of the visa list.');
    expect(within(list).getByText('Generated').nextElementSibling?.textContent).toMatch(/2026/);
    within(list).getByText('48');
    fireEvent.click(within(list).getByRole('button', { name: 'Sync now' }));
    await within(list).findByText('List synced: number 42.');
    // Installing a list is a manager's job.
    expect(within(list).queryByLabelText('Import a file')).toBeNull();
  });

  it.each([
    ['expired', 'The list has expired: sync a newer one. Until then, check visitors by hand.'],
    ['from_the_future', 'The list is dated later than this kiosk’s clock: the clock is probably wrong. Set it, then sync.'],
  ] as const)('says why the visa list is not current: %s', async (staleReason, message) => {
    const kiosk = await startKiosk();
    kiosk.api.listStatus.mockResolvedValue({ ...(await kiosk.api.listStatus({})), stale: true, staleReason, expiresAt: '2026-11-28T09:00:00Z' });
    await signInAs('staff', kiosk);
    openPage('Devices');
    const list = screen.getByRole('region', { name: 'Visa list' });
    await within(list).findByText(message);
    within(list).getByText('Expires');
    expect(within(list).queryByText(/starts with http:/)).toBeNull();
  });

  it('warns of a registry joined over plain http in its own words: the data is exposed, not replayed', async () => {
    const kiosk = await startKiosk();
    kiosk.api.listStatus.mockResolvedValue({ ...(await kiosk.api.listStatus({})), source: 'registry', plainHttpFeed: true });
    await signInAs('staff', kiosk);
    openPage('Devices');
    const list = screen.getByRole('region', { name: 'Visa list' });
    await within(list).findByText(
      'The registry address starts with http:, not https:. Member names, emails and badge numbers cross the network unencrypted. Ask the coordinator for an https address and join again.',
    );
    expect(within(list).queryByText(/hold back new lists/)).toBeNull();
  });

  it('a test print refused because the printer was unset meanwhile says so in plain words, not a shell command', async () => {
    const kiosk = await startKiosk();
    kiosk.api.printerStatus.mockResolvedValue({
      configured: { name: 'Brother_QL', format: 'pdf', label: '62x100mm' },
      queue: null,
      detail: 'ready',
      reason: { state: 'ready' },
    });
    kiosk.api.testPrint.mockRejectedValueOnce(
      refused('no badge printer is set: run `visa-kiosk config set printer.name QUEUE`', 'invalid', { what: 'no_printer' }),
    );
    await signInAs('staff', kiosk);
    openPage('Devices');
    const printer = screen.getByRole('region', { name: 'Badge printer' });
    const testPrint = await within(printer).findByRole('button', { name: 'Test print' });
    kiosk.api.printerStatus.mockResolvedValue({ configured: null, queue: null, detail: 'no badge printer is set', reason: { state: 'none_set' } });
    fireEvent.click(testPrint);
    expect((await within(printer).findByRole('alert')).textContent).toBe('No badge printer is set up.');
    expect(within(printer).queryByRole('button', { name: 'Test print' })).toBeNull();
  });

  it('says when there is no printer, and shows a sync refusal', async () => {
    const kiosk = await signInAs('staff');
    kiosk.api.syncNow.mockRejectedValueOnce(
      refused('no feed URL: run `visa-kiosk config set visa.feedUrl URL`, or pass --url', 'invalid', { what: 'no_feed_url' }),
    );
    openPage('Devices');
    await screen.findByText('No badge printer is set up.');
    expect(screen.queryByRole('button', { name: 'Test print' })).toBeNull();
    screen.getByText('No badge reader is set up.');
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No address is set for the visa list: a manager sets it in the settings.');
  });

  it('a sync that fails says why once: the refusal, not again as the last problem the service records with it', async () => {
    const kiosk = await signInAs('staff');
    const failure = { what: 'registry_unreachable', host: '127.0.0.1:47101', why: 'refused' } as const;
    const line = 'the registry at 127.0.0.1:47101 cannot be reached (connection refused): check the URL and the network, and try again';
    kiosk.api.syncNow.mockImplementationOnce(async () => {
      // The service records the failure and tells every screen before it answers the call.
      kiosk.emit('listChanged', { ...(await kiosk.api.listStatus({})), lastError: line, lastErrorDetail: failure });
      throw refused(line, 'refused', failure);
    });
    openPage('Devices');
    const list = await screen.findByRole('region', { name: 'Visa list' });
    await within(list).findByText('Last sync');
    fireEvent.click(within(list).getByRole('button', { name: 'Sync now' }));
    const words = 'The registry at 127.0.0.1:47101 cannot be reached (connection refused): check the URL and the network, and try again.';
    expect((await within(list).findByRole('alert')).textContent).toBe(words);
    expect(within(list).queryByText(`Last problem: ${words}`)).toBeNull();
    expect(within(list).getAllByText(/cannot be reached/)).toHaveLength(1);

    // Seen again later, the page has only the recorded problem to show.
    kiosk.api.listStatus.mockResolvedValueOnce({ ...(await kiosk.api.listStatus({})), lastError: line, lastErrorDetail: failure });
    openPage('Today');
    openPage('Devices');
    await within(await screen.findByRole('region', { name: 'Visa list' })).findByText(`Last problem: ${words}`);
  });

  it('a manager imports a CSV member list and a JSON feed from files, and sees what was left out or why it was refused', async () => {
    const kiosk = await signInAs('manager');
    kiosk.api.importCsv.mockResolvedValueOnce({
      ...(await kiosk.api.importCsv({ csv: '' })),
      members: 3,
      skipped: 1,
      problemDetails: [{ what: 'value', at: { list: 'members', index: 3, id: 'x-4', field: 'email' }, problem: { kind: 'not_an_email' } }],
    });
    kiosk.api.importFeed.mockRejectedValueOnce(
      refused('the feed signature does not match: the feed was changed after signing, or signed with another key', 'refused', { what: 'signature_bad' }),
    );
    openPage('Devices');
    const input = await screen.findByLabelText('Import a file');
    expect(input.getAttribute('accept')).toContain('.csv');

    fireEvent.change(input, { target: { files: [new File(['id,name\nx-1,Ann\n'], 'members.csv', { type: 'text/csv' })] } });
    await screen.findByText('List installed: number 42, 3 members.');
    screen.getByText('Records left out: 1');
    screen.getByText('Member 4 (x-4), “email” must be an email address.');
    expect(kiosk.api.importCsv).toHaveBeenLastCalledWith({ csv: 'id,name\nx-1,Ann\n' });

    fireEvent.change(input, { target: { files: [new File(['{"format":"coworking-visa/1"}'], 'visa.json', { type: 'application/json' })] } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The visa list’s signature is missing or does not match the alliance’s key: it was refused, and the installed list is kept.',
    );
    expect(kiosk.api.importFeed).toHaveBeenCalledWith({ feed: '{"format":"coworking-visa/1"}' });
  });
});
