import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { KioskError } from '../../core/errors.js';
import { Manifest, type Timestamp } from '../../core/registry/documents.js';
import { openEnvelope } from '../../core/registry/envelope.js';
import { createPrivateFile } from '../../db/durable.js';
import type { RegistryClient } from './registry-client.js';

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
const refused = (problem: string) => new KioskError(`the full list was refused: ${problem}`, 'refused', { detail: { what: 'signature_bad' } });

/**
 * Downloads the full feed of the timestamp's sequence into `file`: the manifest must be the one
 * the timestamp names and be signed by the online key, the compressed bytes and the feed they
 * hold must have the manifest's sizes and SHA-256. The feed is unpacked to disk while hashed,
 * never held whole, and the file is removed when anything fails.
 */
export async function downloadFullFeed(client: RegistryClient, timestamp: Timestamp, onlineKey: string, file: string): Promise<void> {
  const sequence = timestamp.sequence;
  const manifestBytes = (await client.request('GET', `/v1/manifest/${sequence}`)).body;
  if (sha256(manifestBytes) !== timestamp.manifestSha256) throw refused(`the manifest of sequence ${sequence} is not the one the signed timestamp names`);
  let json: unknown;
  try {
    json = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    throw refused(`the manifest of sequence ${sequence} is not JSON`);
  }
  const opened = await openEnvelope(json, onlineKey, Manifest, 'manifest');
  if (!opened.ok) throw refused(opened.problem);
  const manifest = opened.document;
  if (manifest.sequence !== sequence) throw refused(`the manifest says sequence ${manifest.sequence}, and the signed timestamp names ${sequence}`);
  const gz = (await client.request('GET', `/v1/feed/${sequence}`)).body;
  if (gz.length !== manifest.feedGz.bytes || sha256(gz) !== manifest.feedGz.sha256)
    throw refused(`the compressed feed of sequence ${sequence} is not the one its signed manifest names: it was changed on the way`);
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  createPrivateFile(file);
  try {
    await pipeline(
      Readable.from([gz]),
      zlib.createGunzip(),
      new Transform({
        // The manifest says how large the feed is: more than that is refused before it fills the disk.
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (bytes > manifest.feed.bytes) return done(refused(`the feed of sequence ${sequence} is larger than its signed manifest says`));
          hash.update(chunk);
          done(null, chunk);
        },
      }),
      fs.createWriteStream(file),
    );
    if (bytes !== manifest.feed.bytes || hash.digest('hex') !== manifest.feed.sha256)
      throw refused(`the feed of sequence ${sequence} is not the one its signed manifest names`);
  } catch (error) {
    fs.rmSync(file, { force: true });
    if (error instanceof KioskError) throw error;
    throw refused(`the compressed feed of sequence ${sequence} cannot be unpacked (${(error as Error).message})`);
  }
}
