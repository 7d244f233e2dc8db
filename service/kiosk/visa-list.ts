import type { ValidInput } from '../../core/api.js';
import type { ImportResult, ListStatus } from '../../core/api/visa-list.js';
import { KioskError } from '../../core/errors.js';
import { listFreshness, plainHttpSource } from '../../core/list-freshness.js';
import type { SpaceRow, VisaList } from '../../db/visa-list.js';
import { writeTx } from '../../db/write-tx.js';
import type { BuildRequest } from '../visa-list/list-install.js';
import type { Actor } from '../sessions.js';
import { LOCAL } from './audit.js';
import { ListSync, type ListSyncDeps, type SyncResult } from './list-sync.js';

export type VisaListDeps = Omit<ListSyncDeps, 'install' | 'status'>;

/** The alliance's visa list: imported (feed, CSV, file) or synced from the feed URL, and its state. */
export class VisaListService {
  private readonly syncing: ListSync;

  constructor(private readonly deps: VisaListDeps) {
    this.syncing = new ListSync({ ...deps, install: (request, actor) => this.install(request, actor), status: () => this.status() });
  }

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
    const feedUrl = settings.value('visa.feedUrl');
    const source = joined ? 'registry' : feedUrl ? 'feed' : 'files';
    return {
      ...info,
      lastSyncAt: state.lastSyncAt,
      ...freshness,
      source,
      plainHttpFeed: plainHttpSource(source, joined?.registryUrl ?? feedUrl),
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
    this.refuseIfJoined();
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
    this.refuseIfJoined();
    return this.install({ format: 'csv', bytes: new TextEncoder().encode(csv), signature: null, publicKeyPem: null, source: 'csv upload' }, actor);
  }

  /** The command line's import: a .csv file is a member list, anything else a feed (with FILE.sig beside it if present). */
  async importFile(file: string, options: { signature?: string; publicKeyPem?: string } = {}): Promise<ImportResult> {
    this.refuseIfJoined();
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
   * Fetches the list from the registry this kiosk joined, or the feed URL, and installs it if
   * it changed (list-sync.ts).
   */
  sync(options: { url?: string; publicKeyPem?: string; actor?: Actor } = {}): Promise<SyncResult> {
    return this.syncing.sync(options);
  }

  syncNow(actor: Actor): Promise<SyncResult> {
    return this.syncing.sync({ actor });
  }

  /** Syncs now and then every `visa.syncMinutes`, while the kiosk runs. */
  startSync(): void {
    this.syncing.start();
  }

  stopSync(): void {
    this.syncing.stop();
  }

  /**
   * A kiosk joined to a registry takes its list from there: a list imported by hand would decide
   * until the next sync replaced it, and its space's own members are changed at the registry.
   */
  private refuseIfJoined(): void {
    const joined = this.deps.alliance.read();
    if (joined)
      throw new KioskError(
        `this kiosk takes its visa list from the alliance registry at ${joined.registryUrl}: \`visa sync\` brings it; your space's members are changed there, with \`alliance publish FILE\` or the manager console's Alliance page`,
        'refused',
        { detail: { what: 'list_from_registry' } },
      );
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
