import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Refusal, sendJson } from './reply.js';

/**
 * What kiosks download, served from the files the publisher writes in DIR/pub/: the latest
 * sequence is the one the current timestamp names, so a kiosk never hears of a publication
 * whose files are not all on disk yet.
 */

const notPublished = () => new Refusal(503, 'not_published', 'the registry has published no list yet: try again in a minute', { 'Retry-After': '60' });

async function readOptional(file: string): Promise<Buffer | null> {
  try {
    return await fs.promises.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

interface CurrentTimestamp {
  bytes: Buffer;
  etag: string;
  sequence: number;
}

const timestamps = new Map<string, { version: string; current: CurrentTimestamp }>();

/**
 * The current timestamp file, read again only when it was replaced (the publisher renames a new
 * one into place): every kiosk's poll asks for it, and most are answered 304 from this.
 */
async function currentTimestamp(pubDir: string): Promise<CurrentTimestamp | null> {
  const file = path.join(pubDir, 'timestamp.json');
  let version: string;
  try {
    const stat = fs.statSync(file, { bigint: true });
    version = `${stat.ino} ${stat.mtimeNs} ${stat.size}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const cached = timestamps.get(file);
  if (cached?.version === version) return cached.current;
  const bytes = await readOptional(file);
  if (!bytes) return null;
  const envelope = JSON.parse(bytes.toString('utf8')) as { signed: string };
  const current = {
    bytes,
    etag: `"${crypto.createHash('sha256').update(bytes).digest('hex')}"`,
    sequence: (JSON.parse(envelope.signed) as { sequence: number }).sequence,
  };
  timestamps.set(file, { version, current });
  return current;
}

export async function latestSequence(pubDir: string): Promise<number | null> {
  return (await currentTimestamp(pubDir))?.sequence ?? null;
}

export async function sendTimestamp(pubDir: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const timestamp = await currentTimestamp(pubDir);
  if (!timestamp) throw notPublished();
  const cache = { ETag: timestamp.etag, 'Cache-Control': 'no-cache' };
  if (request.headers['if-none-match']?.split(/\s*,\s*/).includes(timestamp.etag)) {
    response.writeHead(304, cache).end();
    return;
  }
  const { bytes } = timestamp;
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(bytes.length), ...cache }).end(bytes);
}

export async function sendManifest(pubDir: string, sequence: number, response: http.ServerResponse): Promise<void> {
  const bytes = await readOptional(path.join(pubDir, `manifest-${sequence}.json`));
  if (!bytes) throw new Refusal(404, 'not_kept', `the registry does not keep the manifest of sequence ${sequence}`);
  response
    .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(bytes.length), 'Cache-Control': 'no-store' })
    .end(bytes);
}

export async function sendFeed(pubDir: string, sequence: number, response: http.ServerResponse): Promise<void> {
  const latest = await latestSequence(pubDir);
  if (latest === null) throw notPublished();
  const file = path.join(pubDir, `feed-${sequence}.json.gz`);
  let handle: fs.promises.FileHandle;
  try {
    if (sequence !== latest) throw new Error('not latest');
    handle = await fs.promises.open(file, 'r');
  } catch {
    throw new Refusal(404, 'not_latest', `sequence ${sequence} is not the latest full list (that is ${latest}): ask for the timestamp again`);
  }
  // Read from the open file: the publisher may delete its name once a newer sequence is out.
  const { size } = await handle.stat();
  response.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': String(size), 'Cache-Control': 'no-store' });
  if (response.req.method === 'HEAD') {
    await handle.close();
    return void response.end();
  }
  // A client gone mid-file ends the pipeline (and the file's stream) with an error that is no failure of the registry's.
  await pipeline(handle.createReadStream(), response).catch(() => response.destroy());
}

/** Past this many links one full feed is the cheaper download, and the registry reads no more files for one request. */
export const MAX_CHAIN = 1000;

/** Every link after `from` up to the latest; 410 once a link is no longer kept, or too many (the kiosk does a full sync). */
export async function sendDeltas(pubDir: string, from: number, response: http.ServerResponse): Promise<void> {
  const latest = await latestSequence(pubDir);
  if (latest === null) throw notPublished();
  if (from > latest)
    throw new Refusal(400, 'ahead', `sequence ${from} is ahead of the registry's latest (${latest}): this list did not come from this registry`);
  if (latest - from > MAX_CHAIN)
    throw new Refusal(410, 'too_far', `${latest - from} publications came after sequence ${from}: download the full list, it is smaller`);
  const chain: { manifest: unknown; delta: string }[] = [];
  for (let sequence = from + 1; sequence <= latest; sequence++) {
    const [manifest, delta] = await Promise.all([
      readOptional(path.join(pubDir, `manifest-${sequence}.json`)),
      readOptional(path.join(pubDir, `delta-${sequence}.json`)),
    ]);
    if (!manifest || !delta) throw new Refusal(410, 'too_old', `the registry no longer keeps the changes after sequence ${from}: download the full list`);
    chain.push({ manifest: JSON.parse(manifest.toString('utf8')), delta: delta.toString('utf8') });
  }
  sendJson(response, 200, { chain });
}
