import { afterEach, describe, expect, it } from 'vitest';
import { StoreRefusal } from '../../registry/store/refusal.js';
import { RegistryWriter } from '../../registry/writer/writer.js';
import { builtFile } from '../fixtures/built.js';
import { useTempDir } from '../fixtures/temp.js';
import { makeRegistry } from './registry-fixture.js';

/**
 * The writer thread of a running registry (dist/node/registry-writer.js), as `registry serve`
 * runs it: a roster arrives as the request's bytes and is parsed there, and a store's refusal
 * keeps its own code across the thread, which the HTTP API sends as error.code.
 */
const tempDir = useTempDir();
const writers: RegistryWriter[] = [];
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.close();
});

const alpha = { space: 'alpha', actor: 'kiosk:k-alpha' } as const;
const member = (id: string) => ({ id, name: `Member ${id}`, email: `${id}@example.org`, status: 'active', credentials: [] });
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

function start() {
  const dir = tempDir();
  const { db } = makeRegistry(dir);
  const writer = new RegistryWriter({ dir, db, workerFile: builtFile('registry-writer.js') });
  writers.push(writer);
  return { db, writer };
}

describe("the registry's writer thread", () => {
  it('takes a roster as the bytes of its request: a dry run writes nothing, the real one is saved and counted', async () => {
    const { db, writer } = start();
    const roster = { members: [member('a1'), member('a2')] };
    expect(await writer.run('replaceRoster', { ...alpha, body: bytes({ ...roster, dryRun: true }) })).toMatchObject({ added: 2, dryRun: true, changeId: null });
    expect(db.prepare("SELECT COUNT(*) FROM members WHERE space_id = 'alpha'").pluck().get()).toBe(0);
    const saved = await writer.run('replaceRoster', { ...alpha, body: bytes(roster) });
    expect(saved).toMatchObject({ added: 2, dryRun: false });
    expect(saved.changeId).toEqual(expect.any(Number));
    expect(db.prepare("SELECT id FROM members WHERE space_id = 'alpha' ORDER BY id").pluck().all()).toEqual(['a1', 'a2']);
  });

  it('takes a roster of its own memory whole, moved to the thread rather than copied', async () => {
    const { db, writer } = start();
    const text = bytes({ members: Array.from({ length: 300 }, (_, i) => member(`a${i}`)) });
    const body = Buffer.allocUnsafeSlow(text.length);
    text.copy(body);
    expect(await writer.run('replaceRoster', { ...alpha, body })).toMatchObject({ added: 300, dryRun: false });
    expect(body.byteLength).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM members WHERE space_id = 'alpha'").pluck().get()).toBe(300);
  });

  it('refuses a body that is no JSON, an envelope of the wrong shape and a broken row, each in its sentence, and saves none of them', async () => {
    const { db, writer } = start();
    await expect(writer.run('replaceRoster', { ...alpha, body: bytes('{"members": [') })).rejects.toMatchObject({
      reason: 'bad_json',
      message: 'the request body is not valid JSON',
    });
    await expect(writer.run('replaceRoster', { ...alpha, body: bytes('') })).rejects.toMatchObject({ reason: 'bad_json' });
    await expect(writer.run('replaceRoster', { ...alpha, body: bytes({ members: [], extra: 1 }) })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/^the roster: /),
    });
    await expect(writer.run('replaceRoster', { ...alpha, body: bytes({ members: [member('a1'), { id: 'a2' }] }) })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/^members\[1\] \(a2\)/),
    });
    expect(db.prepare("SELECT COUNT(*) FROM members WHERE space_id = 'alpha'").pluck().get()).toBe(0);
  });

  it("keeps a store refusal's own code across the thread: a member added twice, another space's member", async () => {
    const { writer } = start();
    await writer.run('addMember', { ...alpha, member: member('a1') });
    const twice = writer.run('addMember', { ...alpha, member: member('a1') });
    await expect(twice).rejects.toBeInstanceOf(StoreRefusal);
    await expect(twice).rejects.toMatchObject({ code: 'refused', reason: 'member_exists' });
    await expect(writer.run('removeMember', { space: 'beta', actor: 'token:t-beta', id: 'a1' })).rejects.toMatchObject({
      code: 'forbidden',
      reason: 'other_space',
    });
  });
  it('closes, rather than waiting for ever, when the thread dies while the close waits for its jobs', async () => {
    const { writer } = start();
    const job = writer.run('replaceRoster', { ...alpha, body: bytes({ members: Array.from({ length: 20_000 }, (_, i) => member(`a${i}`)) }) });
    job.catch(() => undefined);
    const closing = writer.close();
    // The thread ends under the close (a crash, the OS): its job is refused, and its end is not missed.
    await (writer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(job).rejects.toThrow(/writer thread stopped/);
    const outcome = await Promise.race([closing.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5_000))]);
    expect(outcome).toBe('closed');
  });
});
