import type { LastSync } from '../core/api/visa-list.js';
import type { Db } from './open.js';

/** A kiosk's enrolment at an alliance registry, and what it trusts there (service/alliance/). */
export interface AllianceState {
  /** The address this kiosk joined by and talks to the registry at (maybe an internal one). */
  registryUrl: string;
  /** The registry's public address (its --public-url), for links a visitor opens on their phone; null when the registry did not say. */
  publicUrl: string | null;
  kioskId: string;
  spaceId: string;
  alliance: string;
  /** The pinned root key (base64url of its raw 32 bytes): only it may name a new online key. */
  rootKey: string;
  /** The keys document's envelope as received, JSON text. */
  keysEnvelope: string;
  onlineKey: string;
  keyVersion: number;
  joinedAt: string;
  /**
   * The installed list came whole from the registry with no record left out, so applying a delta
   * to it gives what a full import of the same sequence would: anything else syncs in full.
   */
  deltasUsable: boolean;
  lastSync: LastSync | null;
}

interface Row {
  registryUrl: string;
  publicUrl: string | null;
  kioskId: string;
  spaceId: string;
  alliance: string;
  rootKey: string;
  keysEnvelope: string;
  onlineKey: string;
  keyVersion: number;
  joinedAt: string;
  deltasUsable: number;
  mode: 'delta' | 'full' | null;
  bytes: number | null;
  ms: number | null;
}

export type Enrolment = Pick<
  AllianceState,
  'registryUrl' | 'publicUrl' | 'kioskId' | 'spaceId' | 'alliance' | 'rootKey' | 'keysEnvelope' | 'onlineKey' | 'keyVersion' | 'joinedAt'
>;

export function allianceState(db: Db) {
  const read = db.prepare(
    `SELECT registry_url AS registryUrl, public_url AS publicUrl, kiosk_id AS kioskId, space_id AS spaceId, alliance, root_key AS rootKey,
       keys_envelope AS keysEnvelope, online_key AS onlineKey, key_version AS keyVersion, joined_at AS joinedAt,
       deltas_usable AS deltasUsable, last_sync_mode AS mode, last_sync_bytes AS bytes, last_sync_ms AS ms
     FROM alliance WHERE id = 1`,
  );
  // A new enrolment starts afresh: the list installed before came from elsewhere.
  const enrol = db.prepare(
    `INSERT OR REPLACE INTO alliance (id, registry_url, public_url, kiosk_id, space_id, alliance, root_key, keys_envelope, online_key, key_version, joined_at)
     VALUES (1, @registryUrl, @publicUrl, @kioskId, @spaceId, @alliance, @rootKey, @keysEnvelope, @onlineKey, @keyVersion, @joinedAt)`,
  );
  // What a pass is checked against, on every pass shown: not the whole row and its keys document.
  const onlineKey = db.prepare('SELECT online_key FROM alliance WHERE id = 1').pluck();
  const keys = db.prepare('UPDATE alliance SET keys_envelope = ?, online_key = ?, key_version = ? WHERE id = 1');
  const synced = db.prepare(
    'UPDATE alliance SET deltas_usable = @deltasUsable, last_sync_mode = @mode, last_sync_bytes = @bytes, last_sync_ms = @ms WHERE id = 1',
  );
  return {
    /** The alliance's online key (base64url), or null when this kiosk has joined no registry. */
    onlineKey(): string | null {
      return (onlineKey.get() as string | undefined) ?? null;
    },
    read(): AllianceState | null {
      const row = read.get() as Row | undefined;
      if (!row) return null;
      const { mode, bytes, ms, deltasUsable, ...rest } = row;
      return { ...rest, deltasUsable: deltasUsable === 1, lastSync: mode === null ? null : { mode, bytes: bytes ?? 0, ms: ms ?? 0 } };
    },
    enrol(enrolment: Enrolment): void {
      enrol.run(enrolment);
    },
    /** A newer keys document, checked against the pinned root. */
    rotated(envelope: string, onlineKey: string, version: number): void {
      keys.run(envelope, onlineKey, version);
    },
    /** A sync that installed something. */
    synced(value: { deltasUsable: boolean; lastSync: LastSync }): void {
      synced.run({ deltasUsable: value.deltasUsable ? 1 : 0, ...value.lastSync });
    },
  };
}
export type AllianceStateTable = ReturnType<typeof allianceState>;
