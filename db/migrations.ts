import { FIRST_SCHEMA } from './first-schema.js';

/**
 * Numbered migrations: entry i brings the schema to user_version i + 1. Append only; a
 * migration that shipped is never edited, a fix is a new entry.
 */
export const MIGRATIONS: readonly string[] = [
  FIRST_SCHEMA,
  // The visa list moves to list files of its own (db/list-file.ts); a list installed here
  // before is dropped and comes back with the next import or sync.
  `
  DROP TABLE credentials;
  DROP TABLE members;
  DROP TABLE spaces;
  ALTER TABLE sync_state ADD COLUMN list_file TEXT;
  ALTER TABLE sync_state ADD COLUMN etag_url TEXT;
  UPDATE sync_state SET sequence = NULL, generated_at = NULL, installed_at = NULL, source = NULL, signed = 0;
  `,
  // PIN entry is locked for the whole kiosk after repeated failures: a PIN alone does not
  // say whose account was being guessed.
  `
  CREATE TABLE pin_guard (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
  ) STRICT;
  INSERT INTO pin_guard (id) VALUES (1);
  `,
  // A staff override is a new admitted visit that names the denial it overrides; the denial
  // stays in the log. The audit trail is append-only like the visit log.
  `
  ALTER TABLE visits ADD COLUMN overrides INTEGER REFERENCES visits(id);
  CREATE UNIQUE INDEX visits_overrides ON visits(overrides) WHERE overrides IS NOT NULL;
  CREATE INDEX guests_email ON guests(email) WHERE email IS NOT NULL;
  CREATE INDEX guests_created ON guests(created_at) WHERE erased_at IS NULL;
  CREATE TRIGGER audit_is_never_deleted BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  CREATE TRIGGER audit_is_never_changed BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  `,
  // Badges left printing by a kiosk that stopped are found at start without reading the whole log.
  `
  CREATE INDEX visits_badge_pending ON visits(id) WHERE badge_status = 'pending';
  `,
  // PIN entry locks per account, and a lock is kept as the time it has left, counted down on a
  // clock nobody can set back. Staff badges are kept only as keyed hashes, one per form a reader
  // may give; the service moves the plain values of staff.badge into them at open, because the
  // key lives outside the database (service/staff-badges.ts).
  `
  DROP TABLE pin_guard;
  ALTER TABLE staff DROP COLUMN locked_until;
  ALTER TABLE staff ADD COLUMN lock_ms INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE staff_badges (
    key TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX staff_badges_staff ON staff_badges(staff_id);
  `,
  // A reader's form is given only where it is read: line readers and keyboard-mode ones. Earlier
  // versions stored the default "hex" on every reader, which the readers setting now refuses.
  `
  UPDATE settings SET value = (
    SELECT json_group_array(CASE
      WHEN (json_extract(r.value, '$.type') = 'serial' AND json_extract(r.value, '$.protocol') <> 'line')
        OR (json_extract(r.value, '$.type') = 'hid' AND json_extract(r.value, '$.protocol') <> 'keyboard')
      THEN json_remove(r.value, '$.form') ELSE json(r.value) END)
    FROM json_each(settings.value) AS r
  ) WHERE key = 'readers' AND json_valid(value) AND json_type(value) = 'array';
  `,
  // A kiosk that joined an alliance registry (service/alliance/): where the registry is, who this
  // kiosk is to it, the keys it trusts, and how the last sync from it went. Its private key is a
  // file beside the database, never a row.
  `
  CREATE TABLE alliance (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    registry_url TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    space_id TEXT NOT NULL,
    alliance TEXT NOT NULL,
    root_key TEXT NOT NULL,
    keys_envelope TEXT NOT NULL,
    online_key TEXT NOT NULL,
    key_version INTEGER NOT NULL,
    joined_at TEXT NOT NULL,
    deltas_usable INTEGER NOT NULL DEFAULT 0,
    last_sync_mode TEXT CHECK (last_sync_mode IN ('delta', 'full')),
    last_sync_bytes INTEGER,
    last_sync_ms INTEGER
  ) STRICT;
  `,
  `
  -- Visits members announce at the registry (issue #18): registry_id names the announcement, so a
  -- repeat is one row and a cancellation finds it; the cursor is the last change the kiosk has seen.
  ALTER TABLE expected_visits ADD COLUMN registry_id TEXT;
  CREATE UNIQUE INDEX expected_visits_registry ON expected_visits(registry_id) WHERE registry_id IS NOT NULL;
  ALTER TABLE alliance ADD COLUMN announcements_cursor INTEGER NOT NULL DEFAULT 0;
  `,
  // The front desk's outbox (db/outbox.ts): calls for staff, visa check-ins, day-pass sales and
  // badges that did not print, each written with what it reports and kept until delivered.
  `
  CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('staff_call', 'visa_checkin', 'day_pass', 'badge_failed')),
    notice TEXT NOT NULL,
    visit_id INTEGER REFERENCES visits(id),
    for_webhook INTEGER NOT NULL CHECK (for_webhook IN (0, 1)),
    delivered_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    failure TEXT,
    failed_at TEXT,
    heard_at TEXT,
    dismissed_at TEXT,
    dismissed_by INTEGER REFERENCES staff(id)
  ) STRICT;
  CREATE INDEX outbox_waiting ON outbox(at) WHERE for_webhook = 1 AND delivered_at IS NULL;
  CREATE INDEX outbox_open_calls ON outbox(at) WHERE kind = 'staff_call' AND dismissed_at IS NULL;
  `,
  // Who is on site (issue 5/5): a check-out stays on record when its visitor comes back the same
  // day (back_at), so one visit may have several; at most one is open. A day pass paid at the desk
  // names who took the money and how.
  `
  CREATE TABLE check_outs (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    at TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('tap', 'screen', 'staff')),
    by_staff INTEGER REFERENCES staff(id),
    back_at TEXT
  ) STRICT;
  CREATE INDEX check_outs_visit ON check_outs(visit_id);
  CREATE UNIQUE INDEX check_outs_open ON check_outs(visit_id) WHERE back_at IS NULL;
  ALTER TABLE visits ADD COLUMN paid_at TEXT;
  ALTER TABLE visits ADD COLUMN paid_by INTEGER REFERENCES staff(id);
  ALTER TABLE visits ADD COLUMN paid_method TEXT CHECK (paid_method IN ('cash', 'card', 'other'));
  `,
  // Visa passes are checked offline for up to 31 days after they are issued: members the list
  // removed in that time are remembered so their passes are refused, and online keys rotated out
  // in that time still verify the passes they signed (core/pass/pass-verdict.ts).
  `
  CREATE TABLE member_tombstones (
    member_id TEXT PRIMARY KEY,
    removed_at TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX member_tombstones_removed ON member_tombstones(removed_at);
  CREATE TABLE retired_online_keys (
    public_key TEXT PRIMARY KEY,
    retired_at TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,
  // The address the registry gives for members' phones (its --public-url), which the kiosk's
  // announce QR opens; NULL for a kiosk joined before registries said it: the join URL serves.
  `
  ALTER TABLE alliance ADD COLUMN public_url TEXT;
  `,
  // Why a badge did not print (core/printer-reason.ts, as JSON), so the Today page still says it
  // after a reload; NULL for a badge that printed, is printing, or failed before this was kept.
  `
  ALTER TABLE visits ADD COLUMN badge_reason TEXT;
  `,
];
