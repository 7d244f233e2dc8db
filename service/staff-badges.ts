import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { credentialCandidates, low32, type CanonicalCredential } from '../core/credentials.js';
import { KioskError } from '../core/errors.js';
import type { Db } from '../db/open.js';
import { staffTable, type StaffRow } from '../db/staff.js';
import { writeTx } from '../db/write-tx.js';

/**
 * The key staff badges are hashed with, in a file of its own beside the database: a copy of the
 * database alone (a backup, a stolen file) gives no badge that opens staff mode. A keyed hash,
 * not scrypt, because every tap is looked up with it; badges are random UIDs, not guessable words.
 * Losing the file only means staff badges must be given again.
 */
export function badgeKeyFileBeside(databaseFile: string): string {
  return path.join(path.dirname(databaseFile), 'staff-badges.key');
}

const SECRET_BYTES = 32;

function readSecret(file: string): Buffer {
  const secret = fs.readFileSync(file);
  if (secret.length < SECRET_BYTES)
    throw new KioskError(
      `${file} is not a staff badge key (it is ${secret.length} bytes long): restore it, or move it away to make a new one and give staff badges again`,
    );
  return secret;
}

/** The key from its file, made on first use; two processes starting at once end up with the same one. */
export function loadBadgeSecret(databaseFile: string): Buffer {
  if (databaseFile === '' || databaseFile === ':memory:') return crypto.randomBytes(SECRET_BYTES);
  const file = badgeKeyFileBeside(databaseFile);
  try {
    return readSecret(file);
  } catch (error) {
    if (error instanceof KioskError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new KioskError(`cannot read the staff badge key ${file}: ${(error as Error).message}`);
  }
  const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(draft, crypto.randomBytes(SECRET_BYTES), { mode: 0o600, flag: 'wx' });
  try {
    // A link never replaces a file: whoever links first wins, the other reads the winner's key.
    fs.linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
  return readSecret(file);
}

/** Every form a reader or a typed number may give this badge in: each canonical reading, and an RFID UID's last four bytes. */
function formsOf(badge: string): string[] {
  const forms = new Set<string>();
  for (const credential of credentialCandidates(badge)) {
    forms.add(`${credential.kind}:${credential.value}`);
    if (credential.kind === 'rfid') forms.add(`rfid-low32:${low32(credential.value)}`);
  }
  return [...forms];
}

/** The form a read is looked up by: a reader that gives only the low 32 bits matches on those. */
function lookupForm(credential: CanonicalCredential): string {
  return credential.match === 'low32' ? `rfid-low32:${low32(credential.value)}` : `${credential.kind}:${credential.value}`;
}

export class StaffBadges {
  private readonly staff;
  private readonly dataVersion;
  /** Whether any badge exists, as of a data version and this connection's badge writes. */
  private known: { version: unknown; writes: number; any: boolean } | null = null;

  constructor(
    private readonly db: Db,
    private readonly secret: Buffer,
  ) {
    this.staff = staffTable(db);
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /**
   * Most kiosks give no staff badges: there, a tap skips the keyed hash and its lookup. The answer
   * is read again once another connection has committed (`visa-kiosk staff add` beside the
   * kiosk: the data version moves) or this one has written badge keys.
   */
  private anyBadge(): boolean {
    const version = this.dataVersion.get();
    const writes = this.staff.badgeWrites();
    const known = this.known;
    if (known && known.version === version && known.writes === writes) return known.any;
    this.known = { version, writes, any: this.staff.anyBadge() };
    return this.known.any;
  }

  private key(form: string): string {
    return crypto.createHmac('sha256', this.secret).update(form).digest('hex');
  }

  /** The keys to store for a staff badge as typed by a manager (a UID, a barcode). */
  keysOf(badge: string): string[] {
    return formsOf(badge).map((form) => this.key(form));
  }

  /** Whose staff badge this read is, trying each form in turn; null for anyone else's. */
  holder(candidates: CanonicalCredential[]): StaffRow | null {
    if (!this.anyBadge()) return null;
    for (const credential of candidates) {
      const staff = this.staff.byBadgeKey(this.key(lookupForm(credential)));
      if (staff) return staff;
    }
    return null;
  }

  /** True when any of these keys is already someone's badge. */
  taken(keys: string[]): boolean {
    return keys.some((key) => this.staff.badgeKeyTaken(key));
  }

  /**
   * Moves badges an older kiosk stored in clear ("kind:value") to keyed hashes. secure_delete
   * overwrites the old values' bytes, and the checkpoint clears them out of the write-ahead log.
   */
  hashPlainBadges(): number {
    const plain = this.staff.plainBadges();
    if (plain.length === 0) return 0;
    this.db.pragma('secure_delete = ON');
    try {
      writeTx(this.db, "the staff badges' hashes", () => {
        for (const { id, badge, active } of plain) {
          // The stored form is already canonical: its value is the badge as a reader gives it.
          if (active === 1)
            this.staff.addBadgeKeys(
              id,
              this.keysOf(badge.slice(badge.indexOf(':') + 1)).filter((key) => !this.staff.badgeKeyTaken(key)),
            );
          this.staff.clearPlainBadge(id);
        }
      });
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.pragma('secure_delete = OFF');
    }
    return plain.length;
  }
}
