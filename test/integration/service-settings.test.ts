import { describe, expect, it } from 'vitest';
import { useServiceKiosk } from './service-kiosk';

const { kiosk } = useServiceKiosk();

describe('settings', () => {
  it('refuses unknown keys and invalid values, and changes nothing', async () => {
    const { service } = await kiosk();
    expect(() => service.settings.set({ key: 'kiosk.colour', value: 'red' })).toThrow(/unknown setting "kiosk.colour"; the settings are: space.id/);
    expect(() => service.settings.set({ key: 'kiosk.idleSeconds', value: 'soon' })).toThrow(/kiosk.idleSeconds/);
    expect(() => service.settings.set({ key: 'space.id', value: 'atlantis' })).toThrow(/not in the installed visa list/);
    expect(service.settings.list()).toMatchObject({ 'space.id': 'harbour', 'kiosk.idleSeconds': 20 });
  });

  it('coerces text from the command line to the setting’s type', async () => {
    const { service } = await kiosk();
    expect(service.settings.set({ key: 'kiosk.idleSeconds', value: '45' })).toBe(45);
    expect(service.settings.get({ key: 'kiosk.idleSeconds' })).toBe(45);
    expect(service.settings.set({ key: 'reader.repeatSeconds', value: ' 2.5 ' })).toBe(2.5);
  });

  it('reads no number into text that is not one: empty text would have turned repeat filtering off', async () => {
    const { service } = await kiosk();
    for (const value of ['', ' ', '0x1e', null, [30], true]) {
      expect(() => service.settings.set({ key: 'reader.repeatSeconds', value }), JSON.stringify(value)).toThrow(/^reader.repeatSeconds must be a number$/);
    }
    expect(service.settings.get({ key: 'reader.repeatSeconds' })).toBe(3);
  });

  it('takes a Zebra resolution of 203, 300 or 600 dpi and refuses any other, keeping the one set', async () => {
    const { service } = await kiosk();
    expect(service.settings.get({ key: 'printer.dpi' })).toBe(203);
    expect(service.settings.set({ key: 'printer.dpi', value: '300' })).toBe(300);
    for (const value of ['250', 0, '600.5']) {
      expect(() => service.settings.set({ key: 'printer.dpi', value }), JSON.stringify(value)).toThrow(
        /^printer\.dpi must be 203, 300 or 600 \(the printer’s dots per inch\)$/,
      );
    }
    expect(() => service.settings.set({ key: 'printer.dpi', value: 'fine' })).toThrow(/^printer\.dpi must be a number$/);
    expect(service.settings.get({ key: 'printer.dpi' })).toBe(300);
  });

  it('says where in a JSON setting the problem is', async () => {
    const { service } = await kiosk();
    expect(() => service.settings.set({ key: 'readers', value: '[{' })).toThrow(/^readers is not valid JSON$/);
    const reader = { id: 'desk', type: 'serial', path: '/dev/ttyUSB0', protocol: 'em4100', baudRate: 0 };
    expect(() => service.settings.set({ key: 'readers', value: JSON.stringify([reader]) })).toThrow(/^readers\[0\]\.baudRate: /);
    expect(() => service.settings.set({ key: 'readers', value: [reader] })).toThrow(/^readers\[0\]\.baudRate: /);
    const desk = { ...reader, baudRate: 9600 };
    expect(() => service.settings.set({ key: 'readers', value: [desk, { ...desk, path: '/dev/ttyUSB1' }] })).toThrow(
      /^readers\[1\]\.id: the id "desk" is given to another reader too$/,
    );
  });

  it('keeps a webhook URL out of the audit trail: that it was set or changed, and its host, never the URL', async () => {
    const { service } = await kiosk();
    const slack = 'https://hooks.slack.com/services/T0001/B0002/s3cretS3cretS3cret';
    const teams = 'https://example.webhook.office.com/webhookb2/a-secret-guid/IncomingWebhook/another-secret';
    service.settings.set({ key: 'desk.webhookUrl', value: slack });
    service.settings.set({ key: 'desk.webhookUrl', value: teams });
    service.settings.unset({ key: 'desk.webhookUrl' });
    const entries = service.maintenance.auditLog({ limit: 100 }).entries.filter((e) => e.action === 'setting');
    expect(entries.slice(0, 3).map((e) => e.detail)).toEqual([
      { key: 'desk.webhookUrl', before: 'https://example.webhook.office.com/… (hidden)', after: null },
      { key: 'desk.webhookUrl', before: 'https://hooks.slack.com/… (hidden)', after: 'https://example.webhook.office.com/… (hidden)' },
      { key: 'desk.webhookUrl', before: null, after: 'https://hooks.slack.com/… (hidden)' },
    ]);
    const trail = (service.db.prepare('SELECT group_concat(detail) FROM audit').pluck().get() as string) ?? '';
    for (const secret of ['s3cretS3cret', 'a-secret-guid', 'another-secret']) expect(trail).not.toContain(secret);
    // The kiosk still posts to the whole URL.
    expect(service.settings.set({ key: 'desk.webhookUrl', value: slack })).toBe(slack);
    expect(service.settings.get({ key: 'desk.webhookUrl' })).toBe(slack);
  });

  it('records a feed address without the password or token it may carry', async () => {
    const { service } = await kiosk();
    service.settings.set({ key: 'visa.feedUrl', value: 'https://kiosk:hunter2@lists.example.org/feed.json?token=abc123' });
    service.settings.set({ key: 'visa.feedUrl', value: 'https://lists.example.org/feed.json' });
    const [plain, secret] = service.maintenance.auditLog({ limit: 100 }).entries.filter((e) => e.action === 'setting');
    expect(secret!.detail).toEqual({ key: 'visa.feedUrl', before: null, after: 'https://lists.example.org/feed.json?… (hidden)' });
    expect(plain!.detail).toEqual({
      key: 'visa.feedUrl',
      before: 'https://lists.example.org/feed.json?… (hidden)',
      after: 'https://lists.example.org/feed.json',
    });
  });
});
