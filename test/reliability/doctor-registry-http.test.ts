import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../service/doctor/check';
import { visaKiosk } from '../fixtures/cli';
import { makeRegistry, startRegistry, type RunningRegistry } from '../fixtures/registry-server';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const running: RunningRegistry[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

/** An address of this machine that is not loopback: what a kiosk on the network would use. */
function networkAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!found) throw new Error('this test needs a network interface with an IPv4 address besides loopback');
  return found.address;
}

const WARNING =
  "the registry URL is plain http: member names, emails and badge numbers, and this kiosk's requests, cross the network unencrypted; have the coordinator serve it over https, then join again at the https address with a new enrolment code";

describe('a kiosk joined to a registry over plain http', { timeout: 120_000 }, () => {
  it('is warned by sync, doctor and its status beyond this computer, and not on loopback', async () => {
    const dir = tempDir();
    const codes = await makeRegistry(path.join(dir, 'registry'), ['harbour', 'cedar']);
    const server = await startRegistry(path.join(dir, 'registry'), ['--host', '0.0.0.0']);
    running.push(server);
    const port = new URL(server.url).port;
    const kiosk = (space: string) => {
      fs.mkdirSync(path.join(dir, space), { recursive: true });
      return (...args: string[]) => visaKiosk([...args, '--db', path.join(dir, space, 'kiosk.db')]);
    };
    const far = kiosk('harbour');
    const near = kiosk('cedar');
    expect(await far('alliance', 'join', `http://${networkAddress()}:${port}`, codes.harbour!)).toMatchObject({ code: 0 });
    expect(await near('alliance', 'join', `http://127.0.0.1:${port}`, codes.cedar!)).toMatchObject({ code: 0 });

    expect(await far('visa', 'sync')).toMatchObject({ code: 0, stderr: `visa-kiosk visa sync: warning: ${WARNING}\n` });
    expect(JSON.parse((await far('visa', 'status', '--json')).stdout)).toMatchObject({ source: 'registry', plainHttpFeed: true });
    const doctor = JSON.parse((await far('doctor', '--json')).stdout) as { checks: CheckResult[] };
    const list = doctor.checks.find((c) => c.check === 'visa list')!;
    expect(list.status).toBe('warn');
    expect(list.detail).toContain(`; ${WARNING}`);
    expect(list.detail).not.toContain('replay');

    // On this computer nothing crosses a network: no warning.
    expect(await near('visa', 'sync')).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse((await near('visa', 'status', '--json')).stdout)).toMatchObject({ source: 'registry', plainHttpFeed: false });
    const nearDoctor = JSON.parse((await near('doctor', '--json')).stdout) as { checks: CheckResult[] };
    expect(nearDoctor.checks.find((c) => c.check === 'visa list')!.detail).not.toContain('plain http');
  });
});
