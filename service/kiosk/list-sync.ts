import type { ImportResult, ListStatus } from '../../core/api/visa-list.js';
import { KioskError } from '../../core/errors.js';
import type { AllianceState, AllianceStateTable } from '../../db/alliance-state.js';
import type { Db } from '../../db/open.js';
import type { SyncStateTable } from '../../db/sync-state.js';
import { writeTx } from '../../db/write-tx.js';
import type { ClientOptions } from '../alliance/registry-client.js';
import { syncAnnouncements } from '../alliance/announcements-sync.js';
import { syncFromRegistry } from '../alliance/registry-sync.js';
import { fetchFeed, type FetchOptions, type FetchResult } from '../visa-list/feed-fetch.js';
import type { BuildRequest } from '../visa-list/list-install.js';
import type { ListStore } from '../visa-list/list-store.js';
import type { Actor } from '../sessions.js';
import { SYSTEM, type AuditRecord } from './audit.js';
import type { KioskEvents } from './events.js';
import type { SettingsService } from './settings.js';

export interface SyncResult extends ImportResult {
  url: string;
  /** False when the server said the list has not changed (HTTP 304). */
  changed: boolean;
  /** A joined kiosk's registry, or a static feed file. */
  from: 'registry' | 'feed';
}

export type FeedFetchOptions = Partial<Omit<FetchOptions, 'etag' | 'lastModified' | 'wantSignature'>>;

export interface ListSyncDeps {
  db: Db;
  store: ListStore;
  sync: SyncStateTable;
  settings: SettingsService;
  events: KioskEvents;
  record: AuditRecord;
  now: () => Date;
  log: (line: string) => void;
  fetch?: FeedFetchOptions;
  alliance: AllianceStateTable;
  registry?: ClientOptions | undefined;
  /** Builds and installs a fetched list, recording who installed it (VisaListService). */
  install: (request: Omit<BuildRequest, 'ownSpace'>, actor: Actor) => Promise<ImportResult>;
  status: () => ListStatus;
}

/** Where the list comes from when it is not imported by hand: the registry a kiosk joined, or a feed URL, now and on a timer. */
export class ListSync {
  private syncTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ListSyncDeps) {}

  /**
   * Fetches the feed (and its signature when a key is configured) and installs it if the
   * server has a new one. An unchanged list costs one conditional request.
   */
  async sync(options: { url?: string; publicKeyPem?: string; actor?: Actor } = {}): Promise<SyncResult> {
    const { sync, settings, events, now } = this.deps;
    const joined = this.deps.alliance.read();
    // A kiosk that joined a registry syncs from it; --url / --public-key still fetch a static feed by hand.
    if (joined && options.url === undefined && options.publicKeyPem === undefined) return this.syncFromRegistry(joined, options.actor ?? SYSTEM);
    const url = options.url ?? settings.value('visa.feedUrl');
    if (!url) throw new KioskError('no feed URL: run `visa-kiosk config set visa.feedUrl URL`, or pass --url', 'invalid', { detail: { what: 'no_feed_url' } });
    const publicKeyPem = options.publicKeyPem ?? settings.value('visa.publicKey') ?? null;
    const state = sync.read();
    const sameUrl = state.etagUrl === url;
    let fetched: FetchResult;
    try {
      fetched = await fetchFeed(url, {
        ...this.deps.fetch,
        etag: sameUrl ? state.etag : null,
        lastModified: sameUrl ? state.lastModified : null,
        wantSignature: publicKeyPem !== null,
      });
    } catch (error) {
      if (error instanceof KioskError) {
        sync.failed(error);
        events.emit('listChanged', this.deps.status());
      }
      throw error;
    }
    if (fetched.status === 'unchanged') {
      sync.unchanged(now().toISOString());
      const status = this.deps.status();
      events.emit('listChanged', status);
      return { ...status, url, from: 'feed', changed: false, signed: state.signed, skipped: 0, problems: [], problemDetails: [] };
    }
    const imported = await this.deps.install(
      {
        format: 'feed',
        bytes: fetched.bytes,
        signature: fetched.signature,
        publicKeyPem,
        source: url,
        validators: { url, etag: fetched.etag, lastModified: fetched.lastModified },
      },
      options.actor ?? SYSTEM,
    );
    return { ...imported, url, from: 'feed', changed: true };
  }

  private async syncFromRegistry(joined: AllianceState, actor: Actor): Promise<SyncResult> {
    const { db, store, sync, settings, events, record, now, log } = this.deps;
    const url = joined.registryUrl;
    let outcome;
    try {
      outcome = await syncFromRegistry(
        {
          db,
          store,
          sync,
          alliance: this.deps.alliance,
          ownSpace: () => settings.value('space.id') ?? null,
          now,
          client: this.deps.registry,
          installFeed: (file, source, validators) =>
            this.deps.install(
              { format: 'feed', path: file, signature: null, publicKeyPem: null, source, verified: true, rememberRemoved: true, validators },
              actor,
            ),
        },
        joined,
      );
    } catch (error) {
      if (error instanceof KioskError) {
        sync.failed(error);
        events.emit('listChanged', this.deps.status());
      }
      throw error;
    }
    if (outcome.changed && outcome.mode === 'full' && outcome.fallback) log(`visa list sync: synced the whole list, not by delta: ${outcome.fallback}`);
    await this.syncAnnouncements(joined);
    const status = this.deps.status();
    if (outcome.changed && outcome.mode === 'delta')
      writeTx(db, 'the visa list', () =>
        record(actor, 'install visa list', { source: url, format: 'delta', sequence: status.sequence, members: status.members }),
      );
    events.emit('listChanged', status);
    if (outcome.changed && outcome.mode === 'full') return { ...outcome.imported, ...status, url, from: 'registry', changed: true };
    return { ...status, url, from: 'registry', changed: outcome.changed, signed: true, skipped: 0, problems: [], problemDetails: [] };
  }

  /** Visits members announced to this space ride along with every registry sync; a failure is logged and retried with the next. */
  private async syncAnnouncements(joined: AllianceState): Promise<void> {
    try {
      await syncAnnouncements(this.deps.db, joined, this.deps.registry);
    } catch (error) {
      this.deps.log(`announced visits: ${(error as Error).message}`);
    }
  }

  /** Syncs now and then every `visa.syncMinutes`, while the kiosk runs; a failure is recorded and retried next time. */
  start(): void {
    this.stop();
    const { settings, log } = this.deps;
    if (!settings.value('visa.feedUrl') && !this.deps.alliance.read()) return;
    const run = () => {
      this.sync().catch((error: Error) => log(`visa list sync: ${error.message}`));
    };
    run();
    this.syncTimer = setInterval(run, settings.value('visa.syncMinutes') * 60_000);
    this.syncTimer.unref();
  }

  stop(): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = null;
  }
}
