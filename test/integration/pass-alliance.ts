/** Set-up shared by the visa pass tests: a real registry process, two spaces with joined kiosks, and its online key to sign passes with. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { PassFields } from '../../core/pass/visa-pass';
import { onlineKeyPath, readPrivateKey } from '../../registry/keys/key-files';
import { Kiosk } from '../../service/kiosk';
import { makeRegistry, registry as runRegistry, startRegistry, type RunningRegistry } from '../fixtures/registry-server';
import { signedPass } from '../fixtures/pass-input';

export const CSV_HEADER = 'id,space,name,email,status,validUntil,credentials';
export const CEDAR_ROSTER = [
  CSV_HEADER,
  'cc-1,cedar,Ada Lovelace,,active,,barcode:CC-1',
  'cc-2,cedar,Alan Turing,,suspended,,barcode:CC-2',
  'cc-3,cedar,Grace Hopper,,active,,barcode:CC-3',
].join('\n');
export const HARBOUR_ROSTER = [CSV_HEADER, 'hw-1,harbour,Inês Carvalho,,active,,barcode:HW-1'].join('\n');

const DAY = 86_400_000;

export interface PassAlliance {
  dir: string;
  registryDir: string;
  registry: RunningRegistry;
  codes: Record<string, string>;
  /** Cedar's kiosk, which publishes its roster; harbour's, the host the passes are shown at. */
  cedar: Kiosk;
  harbour: Kiosk;
  onlineKey: KeyObject;
  /** Another one-time enrolment code for a space's next kiosk. */
  code: (space: string) => Promise<string>;
  /** A pass for a member, signed by the registry's online key; issued now and valid 31 days unless told. */
  pass: (fields: Partial<PassFields> & Pick<PassFields, 'memberId'>) => Promise<string>;
}

/** Builds the alliance once for a file's tests: a registry process costs seconds. */
export function usePassAlliance(): () => PassAlliance {
  let alliance: PassAlliance | null = null;
  const kiosks: Kiosk[] = [];
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-test-'));
    const registryDir = path.join(dir, 'registry');
    const codes = await makeRegistry(registryDir, ['harbour', 'cedar']);
    const registry = await startRegistry(registryDir);
    const open = (name: string) => {
      const k = Kiosk.open(path.join(dir, `${name}.db`));
      kiosks.push(k);
      return k;
    };
    const cedar = open('cedar');
    await cedar.alliance.join(registry.url, codes.cedar!);
    await cedar.alliance.publishCsv(CEDAR_ROSTER, false);
    const harbour = open('harbour');
    await harbour.alliance.join(registry.url, codes.harbour!);
    await harbour.alliance.publishCsv(HARBOUR_ROSTER, false);
    await harbour.visaList.sync();
    const onlineKey = readPrivateKey(onlineKeyPath(registryDir), 'online key');
    const pass: PassAlliance['pass'] = (fields) => {
      const issuedAt = fields.issuedAt ?? new Date();
      return signedPass(onlineKey, {
        spaceId: 'cedar',
        name: 'Visitor',
        issuedAt,
        expiresAt: new Date(issuedAt.getTime() + 31 * DAY),
        ...fields,
      });
    };
    const code = async (space: string) => {
      const made = await runRegistry(['space', 'code', space, '--dir', registryDir, '--json']);
      if (made.code !== 0) throw new Error(made.stderr);
      return (JSON.parse(made.stdout) as { code: string }).code;
    };
    alliance = { dir, registryDir, registry, codes, cedar, harbour, onlineKey, code, pass };
  }, 120_000);
  afterAll(async () => {
    for (const k of kiosks.splice(0)) await k.close();
    await alliance?.registry.stop();
    if (alliance) fs.rmSync(alliance.dir, { recursive: true, force: true });
  });
  return () => alliance!;
}
