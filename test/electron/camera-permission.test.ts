import { describe, expect, it, vi } from 'vitest';
import { grantsPermission } from '../../electron/camera-permission';

// app-protocol.ts registers its scheme with Electron; the decision itself needs none of it.
vi.mock('electron', () => ({}));

describe('the camera permission of the Electron kiosk', () => {
  it('grants the camera to the kiosk’s own page, to read a visa pass', () => {
    expect(grantsPermission({ permission: 'media', url: 'app://kiosk/index.html', mediaTypes: ['video'] })).toBe(true);
    expect(grantsPermission({ permission: 'media', url: 'app://kiosk', mediaTypes: ['video'] })).toBe(true);
  });

  it('never the microphone, nor a request that does not say what it wants', () => {
    expect(grantsPermission({ permission: 'media', url: 'app://kiosk/index.html', mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(grantsPermission({ permission: 'media', url: 'app://kiosk/index.html', mediaTypes: ['audio'] })).toBe(false);
    expect(grantsPermission({ permission: 'media', url: 'app://kiosk/index.html', mediaTypes: [] })).toBe(false);
  });

  it('never another page: a web page, a file, a look-alike host', () => {
    for (const url of ['https://example.org/', 'file:///tmp/x.html', 'app://kiosk.evil/index.html', 'app://other/index.html', 'not a url'])
      expect(grantsPermission({ permission: 'media', url, mediaTypes: ['video'] })).toBe(false);
  });

  it('no other permission, even for the kiosk’s page', () => {
    for (const permission of ['geolocation', 'notifications', 'hid', 'serial', 'clipboard-read', 'display-capture'])
      expect(grantsPermission({ permission, url: 'app://kiosk/index.html', mediaTypes: ['video'] })).toBe(false);
  });
});
