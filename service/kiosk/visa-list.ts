import type { ValidInput } from '../../core/api.js';
import type { ImportResult, ListStatus } from '../../core/api/visa-list.js';
import { KioskError } from '../../core/errors.js';
import { isPlainHttp, listFreshness } from '../../core/list-freshness.js';
import type { AllianceState, AllianceStateTable } from '../../db/alliance-state.js';
import type { Db } from '../../db/open.js';
import type { SyncStateTable } from '../../db/sync-state.js';
import type { SpaceRow, VisaList } from '../../db/visa-list.js';
import { writeTx } from '../../db/write-tx.js';
import type { ClientOptions } from '../alliance/registry-client.js';
import { syncFromRegistry } from '../alliance/registry-sync.js';
import { fetchFeed, type FetchOptions, type FetchResult } from '../visa-list/feed-fetch.js';
import type { BuildRequest, ListStore } from '../visa-list/list-store.js';
import type { Actor } from '../sessions.js';
import { LOCAL, SYSTEM, type AuditRecord } from './audit.js';
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

export interface VisaListDeps {
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
}

/** The alliance's visa list: imported (feed, CSV, file) or synced from the feed URL, and its state. */
export class VisaListService {
  private syncTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: VisaListDeps) {}

  /** The installed list (checked first for a newer one installed by another process). */
  get list(): VisaList {
    return this.deps.store.list;
  }

  /** Attaches a newer list another process installed, before a transaction that reads the list. */
  refresh(): void {
    this.deps.store.refresh();
  }

  /** `write` in one transaction on the installed list, made current inside it (ListStore.write). */
  write<T>(what: string, write: () => T): T {
    return this.deps.store.write(what, write);
  }

  /** This kiosk's own space, as the installed list has it. */
  hostSpace(): SpaceRow {
    const id = this.deps.settings.value('space.id');
    if (!id)
      throw new KioskError("this kiosk's space is not set: run `visa-kiosk config set space.id SPACE_ID`", 'refused', { detail: { what: 'space_not_set' } });
    const space = this.list.space(id);
    if (!space)
      throw new KioskError(`this kiosk's space "${id}" is not in the installed visa list`, 'refused', { detail: { what: 'space_not_in_list', space: id } });
    return space;
  }

  status(): ListStatus {
    const { sync, settings, now } = this.deps;
    const state = sync.read();
    const info = this.list.info();
    const freshness = listFreshness({ ...info, installedAt: state.installedAt, lastSyncAt: state.lastSyncAt }, now(), settings.value('visa.staleDays'));
    const joined = this.deps.alliance.read();
    return {
      ...info,
      lastSyncAt: state.lastSyncAt,
      ...freshness,
      plainHttpFeed: isPlainHttp(joined?.registryUrl ?? settings.value('visa.feedUrl')),
      lastError: state.lastError,
      lastErrorDetail: state.lastErrorDetail,
      lastSync: joined?.lastSync ?? null,
    };
  }

  /**
   * Installs a visa list: a bad, unsigned, tampered or older feed, or a CSV with a broken row,
   * changes nothing but the recorded last error. Inside a good feed, a bad record is skipped
   * and reported. `publicKeyPem` overrides the configured key (CLI only).
   */
  async importFeed(
    { feed, signature }: ValidInput<'importFeed'>,
    options: { publicKeyPem?: string; source?: string; actor?: Actor } = {},
  ): Promise<ImportResult> {
    const bytes = typeof feed === 'string' ? new TextEncoder().encode(feed) : feed;
    return this.install(
      {
        format: 'feed',
        bytes,
        signature: signature ?? null,
        publicKeyPem: options.publicKeyPem ?? this.deps.settings.value('visa.publicKey') ?? null,
        source: options.source ?? 'import',
      },
      options.actor ?? LOCAL,
    );
  }

  async importCsv({ csv }: ValidInput<'importCsv'>, actor: Actor = LOCAL): Promise<ImportResult> {
    return this.install({ format: 'csv', bytes: new TextEncoder().encode(csv), signature: null, publicKeyPem: null, source: 'csv upload' }, actor);
  }

  /** The command line's import: a .csv file is a member list, anything else a feed (with FILE.sig beside it if present). */
  async importFile(file: string, options: { signature?: string; publicKeyPem?: string } = {}): Promise<ImportResult> {
    if (file.toLowerCase().endsWith('.csv')) return this.install({ format: 'csv', path: file, signature: null, publicKeyPem: null, source: file }, LOCAL);
    return this.install(
      {
        format: 'feed',
        path: file,
        signature: options.signature ?? null,
        publicKeyPem: options.publicKeyPem ?? this.deps.settings.value('visa.publicKey') ?? null,
        source: file,
      },
      LOCAL,
    );
  }

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
        events.emit('listChanged', this.status());
      }
      throw error;
    }
    if (fetched.status === 'unchanged') {
      sync.unchanged(now().toISOString());
      const status = this.status();
      events.emit('listChanged', status);
      return { ...status, url, from: 'feed', changed: false, signed: state.signed, skipped: 0, problems: [], problemDetails: [] };
    }
    const imported = await this.install(
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
            this.install({ format: 'feed', path: file, signature: null, publicKeyPem: null, source, verified: true, rememberRemoved: true, validators }, actor),
        },
        joined,
      );
    } catch (error) {
      if (error instanceof KioskError) {
        sync.failed(error);
        events.emit('listChanged', this.status());
      }
      throw error;
    }
    if (outcome.changed && outcome.mode === 'full' && outcome.fallback) log(`visa list sync: synced the whole list, not by delta: ${outcome.fallback}`);
    const status = this.status();
    if (outcome.changed && outcome.mode === 'delta')
      writeTx(db, 'the visa list', () =>
        record(actor, 'install visa list', { source: url, format: 'delta', sequence: status.sequence, members: status.members }),
      );
    events.emit('listChanged', status);
    if (outcome.changed && outcome.mode === 'full') return { ...outcome.imported, ...status, url, from: 'registry', changed: true };
    return { ...status, url, from: 'registry', changed: outcome.changed, signed: true, skipped: 0, problems: [], problemDetails: [] };
  }

  syncNow(actor: Actor): Promise<SyncResult> {
    return this.sync({ actor });
  }

  /** Syncs now and then every `visa.syncMinutes`, while the kiosk runs; a failure is recorded and retried next time. */
  startSync(): void {
    this.stopSync();
    const { settings, log } = this.deps;
    if (!settings.value('visa.feedUrl') && !this.deps.alliance.read()) return;
    const run = () => {
      this.sync().catch((error: Error) => log(`visa list sync: ${error.message}`));
    };
    run();
    this.syncTimer = setInterval(run, settings.value('visa.syncMinutes') * 60_000);
    this.syncTimer.unref();
  }

  stopSync(): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = null;
  }

  private async install(request: Omit<BuildRequest, 'ownSpace'>, actor: Actor): Promise<ImportResult> {
    const { db, store, settings, events, record } = this.deps;
    const outcome = await store.install({ ...request, ownSpace: settings.value('space.id') ?? null });
    writeTx(db, 'the visa list', () =>
      record(actor, 'install visa list', {
        source: request.source,
        format: request.format,
        sequence: outcome.sequence,
        members: outcome.members,
        skipped: outcome.skipped,
        signed: outcome.signed,
      }),
    );
    const status = this.status();
    events.emit('listChanged', status);
    return { ...status, signed: outcome.signed, skipped: outcome.skipped, problems: outcome.problems, problemDetails: outcome.problemDetails };
  }
}
