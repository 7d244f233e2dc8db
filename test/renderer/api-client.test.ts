import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { connectKiosk, type KioskClient } from '../../renderer/api-client';
import { Kiosk } from '../../service/kiosk';
import { startServer, type RunningServer } from '../../service/web/server';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

/**
 * The page's WebSocket as a browser opens it: with the page's Origin, and a failed connection
 * reported as an event (the client's reconnecting after the kiosk goes away must not throw).
 */
function pageSocket(origin: string) {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
      this.on('error', () => {});
    }
  };
}

describe("the page's client in browser mode, against the kiosk's own web server", () => {
  let service: Kiosk;
  let server: RunningServer;
  let client: KioskClient;

  beforeEach(async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'renderer'));
    service = Kiosk.open(path.join(dir, 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    service.settings.set({ key: 'desk.callWaitSeconds', value: 0.5 });
    service.staff.add({ name: 'Maya Okafor', role: 'manager', pin: '482193' });
    server = await startServer(service, { host: '127.0.0.1', port: 0, staticRoot: path.join(dir, 'renderer') });
    const page = new URL(server.url);
    vi.stubGlobal('location', { protocol: 'http:', host: page.host, search: '' });
    vi.stubGlobal('window', {});
    vi.stubGlobal('WebSocket', pageSocket(page.origin));
    client = connectKiosk();
  });

  afterEach(async () => {
    await server.close();
    await service.close();
    vi.unstubAllGlobals();
  });

  it('answers calls and hands events to their listeners until they unsubscribe', async () => {
    expect(await client.api.kioskInfo({})).toMatchObject({ space: { id: 'harbour' } });
    const heard = vi.fn();
    const off = client.on('deskCalls', heard);
    await client.api.callStaff({ name: 'Ada' });
    await vi.waitFor(() => expect(heard).toHaveBeenCalledExactlyOnceWith({ calls: [expect.objectContaining({ name: 'Ada' })], webhook: null }));
    off();
    await client.api.callStaff({ name: 'Grace' });
    await client.api.kioskInfo({});
    expect(heard).toHaveBeenCalledOnce();
  });

  it('rejects a refusal with the code and words the service gave, the same as the command line says them', async () => {
    await expect(client.api.importCsv({ csv: '' })).rejects.toMatchObject({ code: 'forbidden', message: 'importCsv needs a manager to sign in first' });
    expect(await client.api.signIn({ staffId: 1, pin: '482193' })).toMatchObject({ staff: { name: 'Maya Okafor' } });
    await expect(client.api.getSetting({ key: 'nope' } as never)).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/^unknown setting "nope"; the settings are: /),
    });
  });

  it('a call cut off by the kiosk going away rejects as offline, so the screen says it cannot reach the kiosk', async () => {
    await client.api.kioskInfo({});
    const cutOff = client.api.kioskInfo({});
    await server.close();
    await expect(cutOff).rejects.toMatchObject({ code: 'offline', message: 'lost the connection to the kiosk service' });
  });
});
