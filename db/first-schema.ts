/**
 * The kiosk's schema as it first shipped: the first migration (db/migrations.ts), which brings an
 * empty file to user_version 1. Never edited: what changed since is in the later migrations.
 */
export const FIRST_SCHEMA = `
  CREATE TABLE spaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    timezone TEXT NOT NULL,
    accepts_visitors INTEGER NOT NULL CHECK (accepts_visitors IN (0, 1)),
    free_days_per_month INTEGER NOT NULL,
    notice_hours INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    day_pass_price TEXT,
    day_pass_currency TEXT
  ) STRICT;

  CREATE TABLE members (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'expired')),
    valid_until TEXT
  ) STRICT;
  CREATE INDEX members_space ON members(space_id);

  -- A badge maps to one person: (kind, value) is the key. low32 serves readers that
  -- print only the last four bytes of a UID.
  CREATE TABLE credentials (
    kind TEXT NOT NULL CHECK (kind IN ('rfid', 'barcode')),
    value TEXT NOT NULL,
    member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    low32 TEXT,
    PRIMARY KEY (kind, value)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX credentials_low32 ON credentials(low32) WHERE low32 IS NOT NULL;
  CREATE INDEX credentials_member ON credentials(member_id);

  CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('staff', 'manager')),
    pin_hash TEXT NOT NULL,
    badge TEXT UNIQUE,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    disabled_at TEXT
  ) STRICT;

  CREATE TABLE guests (
    id INTEGER PRIMARY KEY,
    name TEXT,
    email TEXT,
    company TEXT,
    visiting TEXT,
    created_at TEXT NOT NULL,
    erased_at TEXT
  ) STRICT;

  -- The visit log. Member name and home space are copied as they were at the visit, so
  -- a later list never rewrites history. Append only: a mistake is voided, never deleted.
  CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    local_date TEXT NOT NULL,
    kind TEXT CHECK (kind IN ('member', 'visa', 'day_pass', 'guest')),
    decision TEXT NOT NULL CHECK (decision IN ('admitted', 'denied')),
    reason TEXT NOT NULL,
    member_id TEXT,
    member_name TEXT,
    guest_id INTEGER REFERENCES guests(id),
    home_space_id TEXT,
    home_space_name TEXT,
    credential_kind TEXT,
    credential_value TEXT,
    override_staff_id INTEGER REFERENCES staff(id),
    override_reason TEXT,
    price TEXT,
    currency TEXT,
    voided_at TEXT,
    voided_by INTEGER REFERENCES staff(id),
    void_reason TEXT,
    badge_status TEXT NOT NULL DEFAULT 'none'
      CHECK (badge_status IN ('none', 'pending', 'printed', 'failed'))
  ) STRICT;
  CREATE INDEX visits_member_date ON visits(member_id, local_date) WHERE member_id IS NOT NULL;
  CREATE INDEX visits_local_date ON visits(local_date);

  CREATE TRIGGER visits_are_never_deleted BEFORE DELETE ON visits
  BEGIN SELECT RAISE(ABORT, 'visits are never deleted: void the visit instead'); END;

  CREATE TRIGGER visits_facts_are_fixed
  BEFORE UPDATE OF id, at, local_date, kind, decision, reason, member_id, home_space_id,
    credential_kind, credential_value, override_staff_id, override_reason, price, currency ON visits
  BEGIN SELECT RAISE(ABORT, 'a logged visit cannot be rewritten: void it instead'); END;

  CREATE TABLE expected_visits (
    id INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    registered_by INTEGER REFERENCES staff(id),
    UNIQUE (member_id, local_date)
  ) STRICT;

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    sequence INTEGER,
    generated_at TEXT,
    installed_at TEXT,
    source TEXT,
    signed INTEGER NOT NULL DEFAULT 0,
    last_sync_at TEXT,
    last_error TEXT,
    etag TEXT,
    last_modified TEXT
  ) STRICT;
  INSERT INTO sync_state (id) VALUES (1);

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT;
  `;
