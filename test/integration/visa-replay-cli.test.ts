import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';
import { FeedServer, publicKeyPem, sign } from './feed-server';

const tempDir = useTempDir();

describe('a replayed old signed list, through the command line', () => {
  const DAY = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  async function cliSetUp() {
    const server = new FeedServer();
    await server.start();
    const db = path.join(tempDir(), 'kiosk.db');
    const kiosk = (...args: string[]) => visaKiosk(['--db', db, ...args]);
    const set = await kiosk('config', 'set', 'visa.feedUrl', server.url);
    expect(set).toMatchObject({
      code: 0,
      stderr: 'visa-kiosk config set: warning: the feed URL is plain http: anyone on the way can hold back new lists or replay an old one; use https\n',
    });
    expect((await kiosk('config', 'set', 'visa.publicKey', '--', publicKeyPem)).code).toBe(0);
    return { server, kiosk, stop: () => server.stop() };
  }
  const status = async (kiosk: (...args: string[]) => Promise<{ stdout: string }>) =>
    JSON.parse((await kiosk('visa', 'status', '--json')).stdout) as Record<string, unknown>;

  // Each test runs a dozen CLI processes: generous room for a loaded machine.
  const CLI_TIMEOUT = 90_000;

  it(
    'is stale however often it is downloaded, by its signed generatedAt, with the age shown still from the last sync',
    async () => {
      const { server, kiosk, stop } = await cliSetUp();
      try {
        const monthOld = iso(Date.now() - 30 * DAY);
        server.feed = feedBytes(smallFeed({ sequence: 20, generatedAt: monthOld }));
        server.signature = sign(server.feed);
        const synced = await kiosk('visa', 'sync', '--json');
        expect(synced.code).toBe(0);
        expect(synced.stderr).toContain('visa-kiosk visa sync: warning: the feed URL is plain http');
        expect(JSON.parse(synced.stdout)).toMatchObject({ changed: true, sequence: 20, stale: true, staleReason: 'too_old' });
        // Asked again, the server answers "unchanged": a successful sync just now, of a month-old list.
        expect(JSON.parse((await kiosk('visa', 'sync', '--json')).stdout)).toMatchObject({ changed: false });
        const replayed = await status(kiosk);
        expect(replayed).toMatchObject({
          sequence: 20,
          generatedAt: monthOld,
          expiresAt: null,
          stale: true,
          staleReason: 'too_old',
          plainHttpFeed: true,
          lastError: null,
        });
        expect(replayed.ageSeconds).toBeLessThan(60);
        const text = await kiosk('visa', 'status');
        expect(text.stdout).toContain(`generated    ${monthOld}`);
        expect(text.stdout).toContain('STALE        the list was generated longer ago than visa.staleDays');
      } finally {
        await stop();
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'a site may allow older lists (visa.staleDays, checked like any setting); a freshly generated list clears the warning',
    async () => {
      const { server, kiosk, stop } = await cliSetUp();
      try {
        server.feed = feedBytes(smallFeed({ sequence: 20, generatedAt: iso(Date.now() - 30 * DAY) }));
        server.signature = sign(server.feed);
        expect((await kiosk('visa', 'sync')).code).toBe(0);
        expect(await kiosk('config', 'set', 'visa.staleDays', 'soon')).toMatchObject({
          code: 1,
          stderr: 'visa-kiosk config set: visa.staleDays must be a number\n',
        });
        expect((await kiosk('config', 'set', 'visa.staleDays', '45')).code).toBe(0);
        expect(await status(kiosk)).toMatchObject({ stale: false });
        expect((await kiosk('config', 'set', 'visa.staleDays', '7')).code).toBe(0);
        server.feed = feedBytes(smallFeed({ sequence: 21, generatedAt: iso(Date.now() - 60_000) }));
        server.signature = sign(server.feed);
        expect((await kiosk('visa', 'sync')).code).toBe(0);
        expect(await status(kiosk)).toMatchObject({ sequence: 21, stale: false, staleReason: null });
      } finally {
        await stop();
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'a list past its own expiresAt is stale; one dated hours ahead of this clock is a warning, not fresh',
    async () => {
      const { server, kiosk, stop } = await cliSetUp();
      try {
        const expiresAt = iso(Date.now() - 60_000);
        server.feed = feedBytes({ ...smallFeed({ sequence: 20, generatedAt: iso(Date.now() - DAY) }), expiresAt } as never);
        server.signature = sign(server.feed);
        expect((await kiosk('visa', 'sync')).code).toBe(0);
        expect(await status(kiosk)).toMatchObject({ expiresAt, stale: true, staleReason: 'expired' });

        server.feed = feedBytes(smallFeed({ sequence: 21, generatedAt: iso(Date.now() + 3 * 3_600_000) }));
        server.signature = sign(server.feed);
        expect((await kiosk('visa', 'sync')).code).toBe(0);
        expect(await status(kiosk)).toMatchObject({ sequence: 21, expiresAt: null, stale: true, staleReason: 'from_the_future' });
        expect((await kiosk('visa', 'status')).stdout).toContain("dated ahead of this kiosk's clock");
      } finally {
        await stop();
      }
    },
    CLI_TIMEOUT,
  );
});
