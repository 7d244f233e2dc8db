import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { parseEnrolmentCode } from '../../core/registry/enrolment-code';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COORDINATOR_PASSWORD, enrol, makeRegistry, registry, startRegistry, type RunningRegistry } from '../fixtures/registry-server';

let dir: string;
let server: RunningRegistry;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
}

/** One request as a browser (or another site's page) would send it, from `from` on loopback. */
function send(method: string, address: string, options: { body?: unknown; headers?: Record<string, string>; from?: string } = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${server.url}${address}`,
      {
        method,
        localAddress: options.from ?? '127.0.0.1',
        headers: { ...(body && { 'content-type': 'application/json' }), ...options.headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let json = {};
          try {
            json = JSON.parse(text);
          } catch {
            // Not JSON: a page or an asset.
          }
          resolve({ status: response.statusCode!, headers: response.headers, text, json });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const CONSOLE = { 'x-requested-with': 'visa-kiosk-console' };
const post = (address: string, body: unknown, headers: Record<string, string> = {}, from?: string) =>
  send('POST', `/console/api/${address}`, { body, headers: { ...CONSOLE, ...headers }, ...(from && { from }) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signs in from `from`; the cookie header that carries the session. */
async function signIn(from = '127.0.0.1'): Promise<string> {
  const answer = await post('sign-in', { password: COORDINATOR_PASSWORD }, {}, from);
  expect(answer.status).toBe(200);
  const cookie = String(answer.headers['set-cookie']);
  return cookie.split(';')[0]!;
}

const spaceList = async () => JSON.parse((await registry(['space', 'list', '--dir', dir, '--json'])).stdout) as { id: string; state: string }[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'visa-kiosk-console-'));
  await makeRegistry(dir, ['cedar']);
  server = await startRegistry(dir);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the coordinator console page', () => {
  it('is served at /console/ under a policy that runs only its own scripts, with its assets beside it', async () => {
    expect((await send('GET', '/console')).headers.location).toBe('/console/');
    const page = await send('GET', '/console/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.text)![1]!;
    const asset = await send('GET', `/console/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send('GET', '/console/assets/..%2fregistry-console.html')).status).toBe(404);
    expect((await send('GET', '/console/assets/../../registry.db')).status).toBe(404);
  });
});

describe('the coordinator console API', () => {
  it('answers nothing without a session: 401, and nothing changes', async () => {
    for (const address of ['spaces', 'changes', 'publications', 'kiosks', 'session']) {
      const answer = await send('GET', `/console/api/${address}`);
      expect(answer.status).toBe(401);
      expect(answer.json.error).toEqual({ code: 'signed_out', message: 'sign in first: this console session has ended or never began' });
    }
    const enrol = await post('spaces', { id: 'ghost', name: 'Ghost', city: 'Nowhere', country: 'PT', timezone: 'Europe/Lisbon' });
    expect(enrol.status).toBe(401);
    expect((await send('GET', '/console/api/spaces', { headers: { cookie: 'vk_console=made-up' } })).status).toBe(401);
    expect((await spaceList()).map((s) => s.id)).toEqual(['cedar']);
  });

  it('refuses a write without the console’s header, or from another site, even with a good session', async () => {
    const cookie = await signIn();
    const space = { id: 'forged', name: 'Forged', city: 'Porto', country: 'PT', timezone: 'Europe/Lisbon' };
    const bare = await send('POST', '/console/api/spaces', { body: space, headers: { cookie } });
    expect(bare.status).toBe(403);
    expect(bare.json.error!.message).toBe('this request did not come from the console page: open the console and try again');
    const crossSite = await post('spaces', space, { cookie, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await post('spaces/cedar/suspend', {}, { cookie, origin: 'null' })).status).toBe(403);
    expect((await send('POST', '/console/api/sign-in', { body: { password: COORDINATOR_PASSWORD } })).status).toBe(403);
    expect((await spaceList()).map((s) => s.id)).toEqual(['cedar']);
  });

  it('makes a wrong password wait longer each time (429 with Retry-After), from that address only, and lets the right one in after the wait', async () => {
    const first = await post('sign-in', { password: 'not the password' });
    expect(first.status).toBe(401);
    expect(first.json.error!.message).toBe('that is not the coordinator password');
    expect(first.headers['retry-after']).toBeUndefined();
    const second = await post('sign-in', { password: 'still not it' });
    expect(second.status).toBe(401);
    expect(second.headers['retry-after']).toBe('1');
    // Even the right password waits its turn: the delay is what makes guessing slow.
    const early = await post('sign-in', { password: COORDINATOR_PASSWORD });
    expect(early.status).toBe(429);
    expect(early.headers['retry-after']).toBe('1');
    expect(early.json.error!.message).toBe('too many wrong passwords from this address: try again in a second');
    // The real coordinator at another address is not slowed by the guesser.
    await signIn('127.0.0.2');
    await sleep(1100);
    expect((await post('sign-in', { password: 'wrong again' })).headers['retry-after']).toBe('2');
    const waiting = await post('sign-in', { password: COORDINATOR_PASSWORD });
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await sleep(2100);
    const cookie = await signIn();
    expect((await send('GET', '/console/api/session', { headers: { cookie } })).json).toEqual({ alliance: 'Test Alliance' });
    // The right password starts the count again: one typo costs no wait.
    expect((await post('sign-in', { password: 'typo' })).headers['retry-after']).toBeUndefined();
    expect((await signIn()).startsWith('vk_console=')).toBe(true);
  }, 90_000);

  it('signs in with a cookie script cannot read and other sites cannot send, and signs out', async () => {
    const answer = await post('sign-in', { password: COORDINATOR_PASSWORD });
    expect(String(answer.headers['set-cookie'])).toMatch(/^vk_console=[\w-]{43}; Path=\/console; HttpOnly; SameSite=Strict$/);
    const cookie = String(answer.headers['set-cookie']).split(';')[0]!;
    expect((await send('GET', '/console/api/spaces', { headers: { cookie } })).status).toBe(200);
    expect((await post('sign-out', {}, { cookie })).status).toBe(200);
    expect((await send('GET', '/console/api/spaces', { headers: { cookie } })).status).toBe(401);
  });

  it('checks one sign-in at a time per address: a burst of guesses sent side by side gets one check', async () => {
    const burst = await Promise.all(Array.from({ length: 5 }, (_, i) => post('sign-in', { password: `guess ${i}` }, {}, '127.0.0.3')));
    expect(burst.map((answer) => answer.status).sort()).toEqual([401, 429, 429, 429, 429]);
  }, 30_000);

  it('enrols, codes, suspends and resumes spaces as `registry space` does, logged as the coordinator', async () => {
    const cookie = await signIn();
    const added = await post('spaces', { id: 'harbour', name: 'Harbour Works', city: 'Porto', country: 'PT', timezone: 'Europe/Lisbon' }, { cookie });
    expect(added.status).toBe(201);
    const kiosk = await enrol(server.url, added.json.code as string);
    expect(kiosk.reply.json.space).toEqual({ id: 'harbour', name: 'Harbour Works' });

    const again = await post('spaces', { id: 'harbour', name: 'Harbour Works', city: 'Porto', country: 'PT', timezone: 'Europe/Lisbon' }, { cookie });
    expect(again.status).toBe(409);
    expect(again.json.error!.message).toBe('space "harbour" is already enrolled');
    const bad = await post('spaces', { id: 'bad', name: 'Bad', city: 'X', country: 'Portugal', timezone: 'Europe/Lisbon' }, { cookie });
    expect(bad.json.error).toEqual({ code: 'invalid', message: 'the space country: must be a two-letter ISO 3166 country code', field: 'country' });
    const zone = await post('spaces', { id: 'bad', name: 'Bad', city: 'X', country: 'PT', timezone: 'Mars/Base' }, { cookie });
    expect(zone.json.error).toEqual({ code: 'invalid', message: 'the space timezone: is not an IANA timezone (e.g. Europe/Berlin)', field: 'timezone' });

    const code = await post('spaces/harbour/code', {}, { cookie });
    expect(parseEnrolmentCode(code.json.code as string)).toMatchObject({ space: 'harbour' });
    expect((await post('spaces/harbour/suspend', {}, { cookie })).json).toEqual({ id: 'harbour', state: 'suspended' });
    expect((await spaceList()).find((s) => s.id === 'harbour')!.state).toBe('suspended');
    const twice = await post('spaces/harbour/suspend', {}, { cookie });
    expect(twice.json.error!.message).toBe('space "harbour" is already suspended');
    expect((await post('spaces/nowhere/resume', {}, { cookie })).status).toBe(404);
    expect((await post('spaces/harbour/resume', {}, { cookie })).json).toEqual({ id: 'harbour', state: 'active' });

    const spaces = (await send('GET', '/console/api/spaces', { headers: { cookie } })).json.spaces as Record<string, unknown>[];
    expect(spaces.find((s) => s.id === 'harbour')).toMatchObject({ name: 'Harbour Works', state: 'active', members: 0, kiosks: 1 });
    const kiosks = (await send('GET', '/console/api/kiosks', { headers: { cookie } })).json.kiosks as Record<string, unknown>[];
    expect(kiosks).toEqual([expect.objectContaining({ id: kiosk.id, spaceId: 'harbour', name: 'front desk', revoked: false })]);

    const log = (await send('GET', '/console/api/changes', { headers: { cookie } })).json;
    expect((log.changes as Record<string, unknown>[]).slice(0, 4).map((c) => [c.actor, c.kind, c.space, c.targetKind])).toEqual([
      ['coordinator', 'space_resumed', 'harbour', 'space'],
      ['coordinator', 'space_suspended', 'harbour', 'space'],
      [`kiosk:${kiosk.id}`, 'kiosk_enrolled', 'harbour', null],
      ['coordinator', 'space_added', 'harbour', 'space'],
    ]);
    expect(log.next).toBeNull();
    const ids = (log.changes as { id: number }[]).map((c) => c.id);
    const older = (await send('GET', `/console/api/changes?before=${ids[1]}`, { headers: { cookie } })).json.changes as { id: number }[];
    expect(older.map((c) => c.id)).toEqual(ids.slice(2));
    expect((await send('GET', '/console/api/changes?before=-1', { headers: { cookie } })).status).toBe(400);
    // Nobody waits on the coordinator's changes, yet the running registry publishes them on its own.
    const publications = async () => (await send('GET', '/console/api/publications', { headers: { cookie } })).json.publications as { spaces: number }[];
    await expect.poll(async () => (await publications())[0]?.spaces, { timeout: 15_000 }).toBe((await spaceList()).length);
  }, 30_000);
});

describe('the coordinator console over TLS', () => {
  it('marks its session cookie Secure, so it never travels in the clear', async () => {
    const tls = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'visa-kiosk-console-tls-'));
    const cert = path.join(tls, 'cert.pem');
    const key = path.join(tls, 'key.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', key, '-out', cert],
      {
        stdio: 'ignore',
      },
    );
    // A registry of its own: one serve runs on a folder, and this file's plain one is running.
    const own = path.join(tls, 'registry');
    await makeRegistry(own, ['cedar']);
    const secure = await startRegistry(own, ['--tls-cert', cert, '--tls-key', key]);
    try {
      const setCookie = await new Promise<string>((resolve, reject) => {
        const request = https.request(
          `${secure.url}/console/api/sign-in`,
          {
            method: 'POST',
            ca: fs.readFileSync(cert),
            checkServerIdentity: () => undefined,
            localAddress: '127.0.0.4',
            headers: { 'content-type': 'application/json', 'x-requested-with': 'visa-kiosk-console' },
          },
          (response) => {
            response.resume();
            resolve(String(response.headers['set-cookie']));
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ password: COORDINATOR_PASSWORD }));
      });
      expect(setCookie).toMatch(/^vk_console=[\w-]{43}; Path=\/console; HttpOnly; SameSite=Strict; Secure$/);
    } finally {
      await secure.stop();
      fs.rmSync(tls, { recursive: true, force: true });
    }
  }, 60_000);
});
