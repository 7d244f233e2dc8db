import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KioskError } from '../../core/errors';
import { smallFeed } from '../fixtures/feeds';
import { AllianceDocuments } from '../fixtures/registry-documents';
import { someChanges, useAllianceKiosks } from './alliance-kiosk';

const { registries, registry, kiosk, joined } = useAllianceKiosks();

describe('joining a registry', () => {
  it('checks the root key against the code, registers a key of its own, sets space.id and installs the list in full', async () => {
    const stub = await registry();
    const k = await joined(stub);
    expect(k.settings.value('space.id')).toBe('harbour');
    const keyFile = `${k.db.name}.alliance.key`;
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(k.alliance.state()).toMatchObject({ registryUrl: stub.url, kioskId: 'k-1', spaceId: 'harbour', keyVersion: 1, deltasUsable: true });
    const status = k.visaList.status();
    expect(status).toMatchObject({ sequence: 1, members: 6, lastSync: { mode: 'full' }, stale: false });
    expect(Date.parse(status.expiresAt!)).toBeGreaterThan(Date.now() + 5 * 3_600_000);
    expect(k.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', kind: 'visa' });
  });

  it('keeps the public address the registry gives for visitors’ phones; a registry giving none, or no web address, leaves the join URL to serve', async () => {
    const stub = await registry();
    stub.publicUrl = 'https://registry.example.org/';
    expect((await joined(stub)).alliance.state()).toMatchObject({ registryUrl: stub.url, publicUrl: 'https://registry.example.org' });
    for (const given of [undefined, 'javascript:alert(1)', 'registry']) {
      stub.publicUrl = given;
      expect((await joined(stub)).alliance.state()).toMatchObject({ registryUrl: stub.url, publicUrl: null });
    }
  });

  it("replaces a list from a static feed, whatever that feed's sequence was", async () => {
    const stub = await registry();
    const k = kiosk();
    await k.visaList.importFeed({ feed: JSON.stringify(smallFeed({ sequence: 1042 })) });
    k.settings.set({ key: 'space.id', value: 'cedar' });
    const result = await k.alliance.join(stub.url, stub.code('harbour'));
    expect(result.syncError).toBeNull();
    expect(k.visaList.status()).toMatchObject({ sequence: 1, lastSync: { mode: 'full' } });
    expect(k.settings.value('space.id')).toBe('harbour');
  });

  it('keeps a joined kiosk working when a second join is refused', async () => {
    const stub = await registry();
    const k = await joined(stub);
    const key = fs.readFileSync(`${k.db.name}.alliance.key`, 'utf8');
    const used = stub.code('harbour');
    await kiosk().alliance.join(stub.url, used);
    await expect(k.alliance.join(stub.url, used)).rejects.toThrow('this enrolment code has been used already');
    expect(fs.readFileSync(`${k.db.name}.alliance.key`, 'utf8')).toBe(key);
    stub.change(someChanges);
    expect(await k.visaList.sync()).toMatchObject({ sequence: 2 });
  });

  it('joining again retires the registration it leaves, signed with its old key; one it cannot reach stays joined and says how the coordinator revokes it', async () => {
    const first = await registry();
    const k = await joined(first);
    const second = await registry();
    const moved = await k.alliance.join(second.url, second.code('harbour'));
    expect(moved.left).toEqual({ kioskId: 'k-1', registryUrl: first.url, retired: true });
    expect([...first.retired]).toEqual(['k-1']);
    expect(await k.visaList.sync()).toMatchObject({ sequence: 1 });

    await second.stop();
    const back = await k.alliance.join(first.url, first.code('harbour'));
    expect(back).toMatchObject({ kioskId: 'k-2', syncError: null });
    expect(back.left).toMatchObject({ kioskId: 'k-1', registryUrl: second.url, retired: false });
    expect(back.left).toMatchObject({
      problem: expect.stringMatching(
        /^the registry at 127\.0\.0\.1:\d+ cannot be reached .*; the coordinator can revoke it: visa-kiosk registry kiosk revoke k-1$/,
      ),
    });

    fs.rmSync(`${k.db.name}.alliance.key`);
    const keyless = await k.alliance.join(first.url, first.code('harbour'));
    expect(keyless.left).toEqual({
      kioskId: 'k-2',
      registryUrl: first.url,
      retired: false,
      problem: 'its key is missing or damaged, so this kiosk cannot sign for it; the coordinator can revoke it: visa-kiosk registry kiosk revoke k-2',
    });
    expect(first.retired.has('k-2')).toBe(false);
  });

  it('refuses a code naming another root key, a used code and a registry that is down, each in a sentence, storing nothing', async () => {
    const stub = await registry();
    const k = kiosk();
    const other = new AllianceDocuments().code('harbour');
    await expect(k.alliance.join(stub.url, other)).rejects.toThrow("this registry's root key is not the one the code names: check the URL");
    const code = stub.code('harbour');
    await kiosk().alliance.join(stub.url, code);
    await expect(k.alliance.join(stub.url, code)).rejects.toThrow('this enrolment code has been used already: ask the coordinator for a new one');
    await expect(k.alliance.join(stub.url, `vkc1.harbour.short.${'0'.repeat(32)}`)).rejects.toThrow(
      'the enrolment code is cut short or mistyped: copy the whole code',
    );
    const down = stub.url;
    await stub.stop();
    registries.splice(0);
    await expect(k.alliance.join(down, stub.code('harbour'))).rejects.toThrow(/^the registry at 127\.0\.0\.1:\d+ cannot be reached \(connection refused\)/);
    expect(k.alliance.state()).toBeNull();
    expect(k.settings.value('space.id')).toBeUndefined();
  });

  it('a registry that went down after the join is named with its port and why, for a roster published and for pass links alike', async () => {
    const stub = await registry();
    const k = await joined(stub);
    const host = new URL(stub.url).host;
    await stub.stop();
    registries.splice(0);
    const csv = 'id,space,name,email,status,validUntil,credentials\nhw-1,harbour,Inês Carvalho,,active,,barcode:HW-1\n';
    for (const call of [() => k.alliance.publishCsv(csv, true), () => k.alliance.passLinks()]) {
      const error = (await call().catch((e: unknown) => e)) as KioskError;
      expect(error.message).toBe(`the registry at ${host} cannot be reached (connection refused): check the URL and the network, and try again`);
      expect(error.detail).toEqual({ what: 'registry_unreachable', host, why: 'refused' });
    }
  });
});

describe('a roster CSV the kiosk refuses before sending it', () => {
  it('keeps the command line’s sentence and gives a screen the rows as a roster’s, with the value and the allowed ones', async () => {
    const k = await joined(await registry());
    const csv = [
      'id,space,name,email,status,validUntil,credentials',
      'hw-1,harbour,Inês Carvalho,,active,,barcode:HW-1',
      'hw-2,harbour,Rui Costa,,actve,,barcode:HW-2',
      'cc-1,cedar,Ana Lopes,,active,,barcode:CC-1',
    ].join('\n');
    const error = (await k.alliance.publishCsv(csv, true).catch((e: unknown) => e)) as KioskError;
    expect(error.message).toBe(
      'the CSV was refused: row 3, status: "actve" is not one of active, suspended, expired; ' +
        'row 4, space: "cedar" is not this kiosk\'s space "harbour": a space publishes only its own members',
    );
    expect(error.detail).toEqual({
      what: 'roster_refused',
      space: 'harbour',
      problems: [
        { what: 'value', row: 3, field: 'status', problem: { kind: 'not_one_of', value: 'actve', choices: ['active', 'suspended', 'expired'] } },
        { what: 'unknown_space', row: 4, space: 'cedar' },
      ],
      more: 0,
    });
  });
});
