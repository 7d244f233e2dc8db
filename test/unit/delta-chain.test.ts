import { describe, expect, it } from 'vitest';
import { checkDeltaChain } from '../../core/registry/delta-chain';
import { Timestamp } from '../../core/registry/documents';
import { openEnvelope } from '../../core/registry/envelope';
import { smallFeed } from '../fixtures/feeds';
import { AllianceDocuments, envelope, keyPair } from '../fixtures/registry-documents';

/** Three publications: the first full, then a member removed, then one added. */
async function alliance() {
  const docs = new AllianceDocuments();
  const feed = smallFeed();
  docs.publish(feed);
  docs.publish({ ...feed, members: feed.members.filter((m) => m.id !== 'cc-1') });
  docs.publish({ ...feed, members: [...feed.members.filter((m) => m.id !== 'cc-1'), { ...feed.members[0]!, id: 'hw-9', credentials: [] }] });
  const opened = await openEnvelope(JSON.parse(docs.timestamp()), docs.online.publicKey, Timestamp, 'timestamp');
  if (!opened.ok) throw new Error(opened.problem);
  return { docs, timestamp: opened.document };
}

describe('checking a delta chain', () => {
  it('accepts a complete chain signed by the online key, and gives its deltas in order', async () => {
    const { docs, timestamp } = await alliance();
    const checked = await checkDeltaChain(docs.chain(1).chain, 1, timestamp, docs.online.publicKey);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.deltas.map((d) => [d.from, d.sequence])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(checked.deltas[0]!.members.remove).toEqual(['cc-1']);
    expect(checked.deltas[1]!.members.upsert.map((m) => m.id)).toEqual(['hw-9']);
  });

  it('refuses a delta changed after its manifest was signed', async () => {
    const { docs, timestamp } = await alliance();
    const { chain } = docs.chain(1);
    chain[0]!.delta = chain[0]!.delta.replace('"cc-1"', '"hw-1"');
    expect(await checkDeltaChain(chain, 1, timestamp, docs.online.publicKey)).toEqual({
      ok: false,
      problem: 'the delta to sequence 2 is not the one its signed manifest names: it was changed on the way',
    });
  });

  it('refuses a chain with a hole', async () => {
    const { docs, timestamp } = await alliance();
    const { chain } = docs.chain(1);
    expect(await checkDeltaChain(chain.slice(1), 1, timestamp, docs.online.publicKey)).toEqual({
      ok: false,
      problem: 'the delta chain has a hole: after sequence 1 it goes on with 2 → 3',
    });
  });

  it('refuses a manifest signed by another key, and a chain that stops short of the timestamp', async () => {
    const { docs, timestamp } = await alliance();
    const { chain } = docs.chain(1);
    const forged = [{ ...chain[0]!, manifest: envelope(JSON.parse(chain[0]!.manifest.signed), keyPair()) }, chain[1]!];
    const refused = await checkDeltaChain(forged, 1, timestamp, docs.online.publicKey);
    expect(refused).toMatchObject({ ok: false, problem: expect.stringContaining("signature does not match the alliance's key") });
    expect(await checkDeltaChain(chain.slice(0, 1), 1, timestamp, docs.online.publicKey)).toEqual({
      ok: false,
      problem: 'the delta chain ends at sequence 2, and the signed timestamp names 3',
    });
  });

  it('refuses a delta signed before a rotation, and says so when the kiosk knows the retired key', async () => {
    const docs = new AllianceDocuments();
    const feed = smallFeed();
    docs.publish(feed);
    docs.publish({ ...feed, members: feed.members.filter((m) => m.id !== 'cc-1') });
    const retired = docs.online.publicKey;
    docs.rotate();
    docs.publish({ ...feed, members: [] });
    const opened = await openEnvelope(JSON.parse(docs.timestamp()), docs.online.publicKey, Timestamp, 'timestamp');
    if (!opened.ok) throw new Error(opened.problem);
    const { chain } = docs.chain(1);
    expect(await checkDeltaChain(chain, 1, opened.document, docs.online.publicKey, [keyPair().publicKey, retired])).toEqual({
      ok: false,
      problem:
        "the manifest of the delta 1 of 2 was signed by the alliance's online key before it was rotated, and deltas signed before a rotation are not taken",
    });
    // Not told the retired key, the kiosk can only say the signature is not the alliance's; from after the rotation, the chain holds.
    expect(await checkDeltaChain(chain, 1, opened.document, docs.online.publicKey)).toMatchObject({
      problem: expect.stringContaining('signed by someone else'),
    });
    expect(await checkDeltaChain(chain.slice(1), 2, opened.document, docs.online.publicKey, [retired])).toMatchObject({ ok: true });
  });

  it('refuses a chain whose last manifest is not the one the timestamp names', async () => {
    const { docs, timestamp } = await alliance();
    expect(await checkDeltaChain(docs.chain(1).chain, 1, { ...timestamp, manifestSha256: '0'.repeat(64) }, docs.online.publicKey)).toEqual({
      ok: false,
      problem: 'the last manifest of the delta chain is not the one the signed timestamp names',
    });
  });

  it('refuses an empty chain when the timestamp names a newer sequence', async () => {
    const { docs, timestamp } = await alliance();
    expect(await checkDeltaChain([], 1, timestamp, docs.online.publicKey)).toMatchObject({ ok: false });
  });
});
