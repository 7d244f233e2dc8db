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
});
