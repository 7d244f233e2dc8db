// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectKiosk } from '../../renderer/api-client';
import { App } from '../../renderer/App';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The page at `search`, in a browser: the addresses of the sockets it opens. */
function pageAt(search: string) {
  const opened: string[] = [];
  vi.stubGlobal('location', { protocol: 'http:', host: '127.0.0.1:4317', search });
  vi.stubGlobal(
    'WebSocket',
    class extends EventTarget {
      static OPEN = 1;
      readyState = 0;
      constructor(url: string) {
        super();
        opened.push(url);
      }
    },
  );
  return { client: connectKiosk(), opened };
}

describe("a screen's name in the page's address (?screen=)", () => {
  it('goes with its socket, beside the pairing token', () => {
    const { opened } = pageAt('?token=abc&screen=entrance-left&lang=de');
    expect(opened).toEqual(['ws://127.0.0.1:4317/api?token=abc&screen=entrance-left']);
  });

  it('one no reader could be given is said on the screen, which then connects to nothing', async () => {
    const { client, opened } = pageAt('?screen=front%20desk');
    expect(opened).toEqual([]);
    render(<App client={client} />);
    await screen.findByRole('heading', { name: 'This screen’s name cannot be used: “front desk”.' });
    screen.getByText(/may hold only letters, digits, “.”, “_” and “-”, at most 40 of them/);
    await expect(client.api.kioskInfo({})).rejects.toMatchObject({ code: 'offline' });
  });
});
