import { z } from 'zod';
import { KioskError } from '../../core/errors.js';
import { parseEnrolmentCode } from '../../core/registry/enrolment-code.js';
import { ApiTokenListing } from '../../core/registry/api-tokens.js';
import type { MemberPatch, RosterMember, RosterOutcome, TermsInput } from '../../core/registry/roster.js';
import type { AllianceState, AllianceStateTable } from '../../db/alliance-state.js';
import type { Db } from '../../db/open.js';
import { settingsTable } from '../../db/settings.js';
import { syncState } from '../../db/sync-state.js';
import { passTrust } from '../../db/pass-trust.js';
import { writeTx } from '../../db/write-tx.js';
import type { AllianceJoined, AllianceStatus, RosterChange } from '../../core/api/alliance.js';
import { LOCAL, type AuditRecord } from '../kiosk/audit.js';
import type { Actor } from '../sessions.js';
import type { SyncResult } from '../kiosk/list-sync.js';
import type { VisaListService } from '../kiosk/visa-list.js';
import { enrol, retireRegistration, type Joined, type LeftRegistration } from './join.js';
import { trustRetiredKeys } from './registry-trust.js';
import { kioskKeyFile, readKioskKey, type KioskKey } from './kiosk-key.js';
import { RegistryClient, RegistryRefusal, type ClientOptions } from './registry-client.js';
import { PassLinks, passLinksCsv } from './pass-links.js';
import { refusalInRows, rosterFromCsv, type Roster } from './roster-file.js';

export interface AllianceDeps {
  db: Db;
  table: AllianceStateTable;
  visaList: VisaListService;
  record: AuditRecord;
  now: () => Date;
  client?: ClientOptions | undefined;
}

export interface JoinResult extends Omit<Joined, 'keysEnvelope' | 'keys'> {
  /** The first sync from the registry, or why it failed (the kiosk is enrolled either way). */
  sync: SyncResult | null;
  syncError: string | null;
  /** The registration this kiosk had before, when it joined again. */
  left: LeftRegistration | null;
}

const Sequence = z.object({ sequence: z.number().int().nonnegative() });
const Ids = z.array(z.string());
const Outcome = z.object({
  added: z.number(),
  changed: z.number(),
  removed: z.number(),
  sequence: z.number().nullable(),
  // Only a dry run's answer has it.
  preview: z.object({ added: Ids, changed: Ids, removed: Ids }).optional(),
});
const Token = z.object({ id: z.string(), token: z.string() });
const TokenList = z.object({ tokens: z.array(ApiTokenListing) });

/** This kiosk as a member of an alliance registry: joining it, then writing its own space's roster, members, terms and tokens. */
export class AllianceService {
  constructor(private readonly deps: AllianceDeps) {}

  state(): AllianceState | null {
    return this.deps.table.read();
  }

  /** For the manager console: joined or not, and to what. */
  status(): AllianceStatus {
    const state = this.state();
    return {
      joined: state !== null,
      registryUrl: state?.registryUrl ?? null,
      alliance: state?.alliance ?? null,
      spaceId: state?.spaceId ?? null,
      kioskId: state?.kioskId ?? null,
      joinedAt: state?.joinedAt ?? null,
    };
  }

  /** The manager console's join: a refusal carries what a screen needs to word it. */
  async joinFromConsole(input: { url: string; code: string }, actor: Actor): Promise<AllianceJoined> {
    const joined = await worded(() => this.join(input.url, input.code, {}, actor));
    return { ...this.status(), syncError: joined.syncError };
  }

  /** The manager console's roster upload: the CSV of `visa import`, previewed (a dry run at the registry) or published. */
  publishCsv(csv: string, dryRun: boolean): Promise<RosterChange> {
    const state = this.state();
    if (!state) throw notJoined();
    return worded(async () => {
      const roster = rosterFromCsv(new TextEncoder().encode(csv), state.spaceId);
      // Named before the list changes: a member removed is named from the list as it was.
      const names = new Map(roster.members.map((m) => [m.id, m.name]));
      const named = (ids: string[] = []) => ids.map((id) => ({ id, name: names.get(id) ?? this.deps.visaList.list.member(id)?.name ?? null }));
      const outcome = await this.publish(roster, dryRun);
      const preview = { added: named(outcome.preview?.added), changed: named(outcome.preview?.changed), removed: named(outcome.preview?.removed) };
      // The console's kiosk shows its staff what its list holds: the new roster too, at once.
      if (outcome.sequence !== null) await this.installOwnChange();
      return { ...outcome, preview };
    });
  }

  /**
   * Enrols this kiosk with a one-time code, sets `space.id` to the enrolled space and syncs the
   * list from the registry. `space.id` is written without the usual "is it in the installed list"
   * check: the registry's list, which replaces it, has the space. A kiosk of one space moves to
   * another only when asked (`switchSpace`), before the code is spent: a code of the wrong space
   * is more often a slip than a move. A kiosk that had joined before retires its old registration,
   * whose key the new one replaces.
   */
  async join(url: string, code: string, options: { name?: string; switchSpace?: boolean } = {}, actor: Actor = LOCAL): Promise<JoinResult> {
    const { db, table, record, now } = this.deps;
    const previous = table.read();
    const from = previous?.spaceId;
    const to = parseEnrolmentCode(code);
    if (from !== undefined && !('problem' in to) && to.space !== from && options.switchSpace !== true)
      throw new KioskError(
        `this kiosk is joined to space ${from} and the code is for space ${to.space}: to move the kiosk to ${to.space}, join again with --switch-space`,
        'refused',
      );
    const { name } = options;
    // Read before the join replaces it: the old registration is retired with the key it was registered with.
    const oldKey = previous ? this.keyOrNull() : null;
    const joined = await enrol(db.name, url.replace(/\/+$/, ''), code, { ...(name !== undefined && { name }), client: this.deps.client, now });
    const settings = settingsTable(db);
    writeTx(db, 'the alliance enrolment', () => {
      // Keys another root vouched for (a registry left after its root key leaked) verify nothing here any more.
      if (table.read()?.rootKey !== joined.rootKey) passTrust(db).forgetRetiredKeys();
      table.enrol(joined);
      // Joined after a rotation: passes the retired keys signed are as good here as anywhere.
      trustRetiredKeys(db, joined.keys, null, now());
      syncState(db).newSource();
      const before = settings.get('space.id') ?? null;
      settings.set('space.id', joined.spaceId);
      record(actor, 'join alliance', { registry: joined.registryUrl, kiosk: joined.kioskId, space: joined.spaceId, keyVersion: joined.keyVersion });
      if (before !== joined.spaceId) record(actor, 'setting', { key: 'space.id', before, after: joined.spaceId });
    });
    const left = previous && (await retireRegistration({ kioskId: previous.kioskId, registryUrl: previous.registryUrl, key: oldKey }, this.deps.client));
    if (left) record(actor, 'leave registration', { registry: left.registryUrl, kiosk: left.kioskId, retired: left.retired });
    const { keysEnvelope: _envelope, keys: _keys, ...rest } = joined;
    try {
      return { ...rest, left, sync: await this.deps.visaList.sync({ actor }), syncError: null };
    } catch (error) {
      if (!(error instanceof KioskError)) throw error;
      return { ...rest, left, sync: null, syncError: error.message };
    }
  }

  /**
   * Installs here, from the registry (by delta), a change this kiosk has just published: its own
   * members would otherwise be decided on the old list until the next scheduled sync. A failed
   * sync is returned, not thrown: the change is published either way.
   */
  async installOwnChange(actor: Actor = LOCAL): Promise<{ installed: SyncResult } | { notInstalled: string }> {
    try {
      return { installed: await this.deps.visaList.sync({ actor }) };
    } catch (error) {
      if (!(error instanceof KioskError)) throw error;
      return { notInstalled: error.message };
    }
  }

  /** Replaces this space's whole roster; answers once the publication holding it is on disk. A refusal names a CSV's rows. */
  async publish({ members, rows }: Roster, dryRun = false): Promise<Omit<RosterOutcome, 'preview'> & Partial<Pick<RosterOutcome, 'preview'>>> {
    try {
      return await this.ask('PUT', (space) => `/v1/spaces/${space}/roster`, { members, ...(dryRun && { dryRun }) }, Outcome);
    } catch (error) {
      throw refusalInRows(error, rows);
    }
  }

  addMember(member: RosterMember): Promise<{ sequence: number }> {
    return this.ask('POST', (space) => `/v1/spaces/${space}/members`, member, Sequence);
  }

  updateMember(id: string, patch: MemberPatch): Promise<{ sequence: number }> {
    return this.ask('PATCH', (space) => `/v1/spaces/${space}/members/${encodeURIComponent(id)}`, patch, Sequence);
  }

  removeMember(id: string): Promise<{ sequence: number }> {
    return this.ask('DELETE', (space) => `/v1/spaces/${space}/members/${encodeURIComponent(id)}`, undefined, Sequence);
  }

  setTerms(terms: TermsInput): Promise<{ sequence: number }> {
    return this.ask('PUT', (space) => `/v1/spaces/${space}/terms`, terms, Sequence);
  }

  createToken(label?: string): Promise<{ id: string; token: string }> {
    return this.ask('POST', (space) => `/v1/spaces/${space}/tokens`, label === undefined ? {} : { label }, Token);
  }

  listTokens(): Promise<ApiTokenListing[]> {
    return this.ask('GET', (space) => `/v1/spaces/${space}/tokens`, undefined, TokenList).then((answer) => answer.tokens);
  }

  async revokeToken(id: string): Promise<void> {
    await this.ask('DELETE', (space) => `/v1/spaces/${space}/tokens/${encodeURIComponent(id)}`, undefined, z.unknown());
  }

  /**
   * Every member's pass link, as a mail merge's CSV. A link shows its member's pass to whoever
   * holds it, so who took the list is in the audit trail.
   */
  async passLinks(actor: Actor = LOCAL): Promise<{ csv: string; count: number; fileName: string }> {
    const answer = await worded(() => this.ask('GET', () => '/v1/pass-links', undefined, PassLinks));
    this.deps.record(actor, 'pass links', { space: answer.space, members: answer.links.length });
    return { csv: passLinksCsv(answer.links), count: answer.links.length, fileName: `pass-links-${answer.space}.csv` };
  }

  private keyOrNull(): KioskKey | null {
    try {
      return readKioskKey(kioskKeyFile(this.deps.db.name));
    } catch (error) {
      if (error instanceof KioskError) return null;
      throw error;
    }
  }

  private async ask<T>(method: string, path: (space: string) => string, body: unknown, answer: z.ZodType<T>): Promise<T> {
    const state = this.state();
    if (!state) throw notJoined();
    const client = new RegistryClient(state.registryUrl, { kioskId: state.kioskId, key: readKioskKey(kioskKeyFile(this.deps.db.name)) }, this.deps.client);
    try {
      const response = await client.request(method, path(encodeURIComponent(state.spaceId)), body === undefined ? {} : { body });
      if (response.status === 204 || response.body.length === 0) return answer.parse(undefined);
      let json: unknown;
      try {
        json = JSON.parse(response.body.toString('utf8'));
      } catch {
        json = undefined;
      }
      const parsed = answer.safeParse(json);
      if (!parsed.success) throw new KioskError(`the registry's answer to ${method} ${path(state.spaceId)} is not in its format`, 'refused');
      return parsed.data;
    } finally {
      await client.close();
    }
  }
}

function notJoined(): KioskError {
  return new KioskError('this kiosk has not joined an alliance registry: run `visa-kiosk alliance join URL CODE` first', 'refused', {
    detail: { what: 'not_joined' },
  });
}

/** The registry's refusals, and the kiosk's own checks without words of their own, carry their sentence for a screen to quote. */
async function worded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof KioskError) || (error.detail && !(error instanceof RegistryRefusal))) throw error;
    const code = error instanceof RegistryRefusal ? error.registryCode : null;
    throw new KioskError(error.message, error.code, { cause: error, detail: { what: 'registry_refused', code, sentence: error.message } });
  }
}
