import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Feed, type FeedMember, type FeedSpace } from '../../core/feed.js';
import { Delta, Manifest, Timestamp } from '../../core/registry/documents.js';
import { openEnvelope } from '../../core/registry/envelope.js';
import type { Db } from '../../db/open.js';
import { recordChange } from '../../registry/store/changes.js';
import { openRegistryDb } from '../../registry/store/open.js';
import { sha256Hex } from '../../registry/publish/sign.js';

/** A registry database in `dir` with the given spaces, and an online key pair made for the test. */
export function makeRegistry(dir: string, spaces: string[] = ['alpha', 'beta']): { db: Db; key: KeyObject; publicKey: string } {
  const db = openRegistryDb(dir, { create: true });
  for (const id of spaces) addSpace(db, id);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { db, key: privateKey, publicKey: publicKey.export({ format: 'jwk' }).x! };
}

/** What `registry space add` stores (the coordinator's helper owns that module; the rows are the schema's). */
export function addSpace(db: Db, id: string): number {
  const at = new Date().toISOString();
  db.prepare("INSERT INTO spaces (id, name, city, country, timezone, created_at, updated_at) VALUES (?, ?, 'Berlin', 'DE', 'Europe/Berlin', ?, ?)").run(
    id,
    `Space ${id}`,
    at,
    at,
  );
  return recordChange(db, { actor: 'coordinator', space: id, kind: 'space_added', target: { kind: 'space', id }, summary: `added ${id}` });
}

export function setSpaceState(db: Db, id: string, state: 'active' | 'suspended' | 'removed'): number {
  db.prepare('UPDATE spaces SET state = ? WHERE id = ?').run(state, id);
  const kind = state === 'removed' ? 'space_removed' : state === 'suspended' ? 'space_suspended' : 'space_resumed';
  return recordChange(db, { actor: 'coordinator', space: id, kind, target: { kind: 'space', id }, summary: kind });
}

export const pub = (dir: string, name: string) => path.join(dir, 'pub', name);

export interface CheckedPublication {
  manifest: Manifest;
  timestamp: Timestamp;
  feed: Feed;
  feedText: string;
  delta: Delta | null;
}

/**
 * Reads publication `sequence` as a kiosk would trust it: the timestamp and manifest by the online
 * key, every file by the hash the manifest signs, the gzip copy unpacked to the same bytes.
 */
export async function checkPublication(dir: string, publicKey: string, sequence: number): Promise<CheckedPublication> {
  const manifestText = fs.readFileSync(pub(dir, `manifest-${sequence}.json`), 'utf8');
  const manifest = await openEnvelope(JSON.parse(manifestText), publicKey, Manifest, 'manifest');
  if (!manifest.ok) throw new Error(manifest.problem);
  const timestamp = await openEnvelope(JSON.parse(fs.readFileSync(pub(dir, 'timestamp.json'), 'utf8')), publicKey, Timestamp, 'timestamp');
  if (!timestamp.ok) throw new Error(timestamp.problem);
  const m = manifest.document;
  const feedBytes = fs.readFileSync(pub(dir, `feed-${sequence}.json`));
  const gzBytes = fs.readFileSync(pub(dir, `feed-${sequence}.json.gz`));
  if (sha256Hex(feedBytes) !== m.feed.sha256 || feedBytes.length !== m.feed.bytes) throw new Error(`feed-${sequence}.json is not the file its manifest signs`);
  if (sha256Hex(gzBytes) !== m.feedGz.sha256 || gzBytes.length !== m.feedGz.bytes)
    throw new Error(`feed-${sequence}.json.gz is not the file its manifest signs`);
  if (!gunzipSync(gzBytes).equals(feedBytes)) throw new Error(`feed-${sequence}.json.gz does not unpack to the feed`);
  let delta: Delta | null = null;
  if (m.delta) {
    const deltaBytes = fs.readFileSync(pub(dir, `delta-${sequence}.json`));
    if (sha256Hex(deltaBytes) !== m.delta.sha256 || deltaBytes.length !== m.delta.bytes)
      throw new Error(`delta-${sequence}.json is not the file its manifest signs`);
    delta = Delta.parse(JSON.parse(deltaBytes.toString('utf8')));
  }
  const feedText = feedBytes.toString('utf8');
  return {
    manifest: m,
    timestamp: timestamp.document,
    feed: Feed.parse(JSON.parse(feedText)),
    feedText,
    delta,
  };
}

/** What a kiosk does with a delta: the previous feed with the delta's upserts and removals, in id order. */
export function applyDelta(feed: Feed, delta: Delta): Feed {
  const spaces = new Map<string, FeedSpace>(feed.spaces.map((s) => [s.id, s]));
  const members = new Map<string, FeedMember>(feed.members.map((m) => [m.id, m]));
  for (const id of delta.spaces.remove) spaces.delete(id);
  for (const s of delta.spaces.upsert) spaces.set(s.id, s);
  for (const id of delta.members.remove) members.delete(id);
  for (const m of delta.members.upsert) members.set(m.id, m);
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    format: feed.format,
    sequence: delta.sequence,
    generatedAt: delta.generatedAt,
    spaces: [...spaces.values()].sort(byId),
    members: [...members.values()].sort(byId),
  };
}
