import path from 'node:path';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { ImportResult } from '../../core/api/visa-list.js';
import { KioskError } from '../../core/errors.js';
import { checkDeltaChain } from '../../core/registry/delta-chain.js';
import { DeltaChain, type Timestamp } from '../../core/registry/documents.js';
import type { AllianceState, AllianceStateTable } from '../../db/alliance-state.js';
import type { Db } from '../../db/open.js';
import { passTrust } from '../../db/pass-trust.js';
import type { SyncStateTable } from '../../db/sync-state.js';
import { writeTx } from '../../db/write-tx.js';
import type { ListStore } from '../visa-list/list-store.js';
import { applyDeltas, DeltaRefused } from './delta-apply.js';
import { downloadFullFeed } from './full-feed.js';
import { kioskKeyFile, readKioskKey } from './kiosk-key.js';
import { RegistryClient, type ClientOptions } from './registry-client.js';
import { openTimestamp } from './registry-trust.js';

export interface RegistrySyncDeps {
  db: Db;
  store: ListStore;
  sync: SyncStateTable;
  alliance: AllianceStateTable;
  ownSpace: () => string | null;
  now: () => Date;
  client?: ClientOptions | undefined;
  /** The full import pipeline, for a feed file that has passed every check. */
  installFeed: (file: string, source: string, validators: Validators) => Promise<ImportResult>;
}

export interface Validators {
  url: string;
  etag: string | null;
  lastModified: null;
}

export type RegistrySyncOutcome =
  | { changed: false }
  | { changed: true; mode: 'delta' }
  /** `fallback`: why deltas were not used, when they were tried. */
  | { changed: true; mode: 'full'; imported: ImportResult; fallback: string | null };

/**
 * `visa sync` for a kiosk that joined a registry (docs/alliances.md, "Joining an alliance"): the
 * signed timestamp says which sequence is newest; the deltas from the installed one are checked
 * and applied in one short transaction; on any gap, refusal or failure the kiosk takes the full
 * feed through the ordinary import. Either way nothing is half-applied.
 */
export async function syncFromRegistry(deps: RegistrySyncDeps, state: AllianceState): Promise<RegistrySyncOutcome> {
  const started = performance.now();
  const client = new RegistryClient(state.registryUrl, { kioskId: state.kioskId, key: readKioskKey(kioskKeyFile(deps.db.name)) }, deps.client);
  try {
    deps.store.refresh();
    const before = deps.sync.read();
    const installed = deps.store.list.info().sequence;
    // Only a list this registry gave is a base for its deltas, or a reason to believe "unchanged". The
    // timestamp's validator is kept with the installed list: a list found damaged or lost loses it, and is fetched again.
    const timestampUrl = `${state.registryUrl}/v1/timestamp`;
    const fromRegistry = before.etagUrl === timestampUrl && installed !== null;
    // A crash between a delta's commit in the list file and the note of it in the kiosk database can
    // leave them a sequence apart: then "unchanged?" is not asked, and the list file's own sequence counts.
    const headers: Record<string, string> = fromRegistry && before.etag && before.sequence === installed ? { 'if-none-match': before.etag } : {};
    const answer = await client.request('GET', '/v1/timestamp', { headers, accept: [304] });
    const validators: Validators = { url: timestampUrl, etag: answer.etag, lastModified: null };
    if (answer.status === 304) {
      writeTx(deps.db, 'the visa list', () => deps.sync.unchanged(deps.now().toISOString()));
      return { changed: false };
    }
    const { timestamp, onlineKey } = await openTimestamp(answer.body, state, client, deps.db, deps.alliance, deps.now());
    if (fromRegistry && timestamp.sequence < installed)
      throw new KioskError(
        `the registry offers sequence ${timestamp.sequence}, older than the installed list's ${installed}: a roll-back is refused`,
        'refused',
        {
          detail: { what: 'list_rollback' },
        },
      );
    if (fromRegistry && timestamp.sequence === installed) {
      writeTx(deps.db, 'the visa list', () => {
        // A re-signed timestamp moves the list's expiry on: that is how a kiosk knows it is not being fed an old list.
        deps.db.prepare('UPDATE list.list_info SET expires_at = ? WHERE id = 1').run(timestamp.expires);
        deps.sync.revalidated(deps.now().toISOString(), answer.etag);
      });
      return { changed: false };
    }
    let fallback: string | null = null;
    if (fromRegistry && state.deltasUsable) {
      try {
        await syncByDeltas(deps, client, installed, before.listFile, timestamp, { onlineKey, before: state.onlineKey }, validators, started);
        return { changed: true, mode: 'delta' };
      } catch (error) {
        if (!(error instanceof DeltaRefused || error instanceof KioskError)) throw error;
        fallback = error.message;
      }
    }
    const imported = await syncFull(deps, client, state, timestamp, onlineKey, validators, started);
    return { changed: true, mode: 'full', imported, fallback };
  } finally {
    await client.close();
  }
}

async function syncByDeltas(
  deps: RegistrySyncDeps,
  client: RegistryClient,
  from: number,
  listFile: string | null,
  timestamp: Timestamp,
  keys: { onlineKey: string; before: string },
  validators: Validators,
  started: number,
): Promise<void> {
  const answer = await client.request('GET', `/v1/deltas?from=${from}`, { accept: [410] });
  if (answer.status === 410) throw new DeltaRefused(`the registry no longer keeps the deltas from sequence ${from}`);
  let chain: DeltaChain;
  try {
    chain = DeltaChain.parse(JSON.parse(answer.body.toString('utf8')));
  } catch {
    throw new DeltaRefused('the delta chain is not in its format');
  }
  // Only after a rotation can a chain hold what a retired key signed: the kiosk then says so.
  const retired =
    keys.before === keys.onlineKey
      ? []
      : passTrust(deps.db)
          .retiredKeys('')
          .map((k) => k.publicKey);
  const checked = await checkDeltaChain(chain.chain, from, timestamp, keys.onlineKey, retired);
  if (!checked.ok) throw new DeltaRefused(checked.problem);
  deps.store.refresh();
  writeTx(deps.db, 'the visa list', () => {
    // Under the write lock: another process may have installed a list since this sync began.
    if (deps.sync.read().listFile !== listFile || deps.store.list.info().sequence !== from)
      throw new DeltaRefused('the installed list changed during the sync');
    applyDeltas(deps.db, checked.deltas, { ownSpace: deps.ownSpace(), expiresAt: timestamp.expires });
    const last = checked.deltas.at(-1)!;
    deps.sync.installed({
      listFile: listFile!,
      sequence: last.sequence,
      generatedAt: last.generatedAt,
      at: deps.now().toISOString(),
      source: (deps.alliance.read() as AllianceState).registryUrl,
      signed: true,
      validators,
    });
    deps.alliance.synced({ deltasUsable: true, lastSync: { mode: 'delta', bytes: client.received, ms: Math.round(performance.now() - started) } });
  });
  deps.store.reload();
}

async function syncFull(
  deps: RegistrySyncDeps,
  client: RegistryClient,
  state: AllianceState,
  timestamp: Timestamp,
  onlineKey: string,
  validators: Validators,
  started: number,
): Promise<ImportResult> {
  const file = path.join(path.dirname(deps.db.name), `${path.basename(deps.db.name)}-registry-${crypto.randomBytes(6).toString('hex')}.json`);
  try {
    await downloadFullFeed(client, timestamp, onlineKey, file);
    const imported = await deps.installFeed(file, state.registryUrl, validators);
    deps.store.refresh();
    writeTx(deps.db, 'the visa list', () => {
      deps.db.prepare('UPDATE list.list_info SET expires_at = ? WHERE id = 1').run(timestamp.expires);
      deps.alliance.synced({
        // A record left out of the full list would come back wrongly by a later delta: sync in full until none is.
        deltasUsable: imported.skipped === 0,
        lastSync: { mode: 'full', bytes: client.received, ms: Math.round(performance.now() - started) },
      });
    });
    return { ...imported, expiresAt: timestamp.expires };
  } finally {
    fs.rmSync(file, { force: true });
  }
}
