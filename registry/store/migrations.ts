/**
 * The registry database's numbered migrations: entry i brings the schema to user_version i + 1.
 * Append only; a migration that shipped is never edited.
 */
export const REGISTRY_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- state: active; suspended (kiosks and tokens refused, members still published); removed (left out of the next publication).
  CREATE TABLE spaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    timezone TEXT NOT NULL,
    accepts_visitors INTEGER NOT NULL DEFAULT 1 CHECK (accepts_visitors IN (0, 1)),
    free_days_per_month INTEGER NOT NULL DEFAULT 3,
    notice_hours INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    day_pass_price TEXT,
    day_pass_currency TEXT,
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'suspended', 'removed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;

  -- Member ids are alliance-wide: a space can never take another space's id.
  -- credentials: the feed's credential array as JSON text, as published.
  CREATE TABLE members (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'expired')),
    valid_until TEXT,
    credentials TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX members_space ON members(space_id);

  CREATE TABLE kiosks (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id),
    public_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    enrolled_at TEXT NOT NULL,
    last_seen_at TEXT,
    revoked_at TEXT
  ) STRICT;

  -- Only the SHA-256 of a code's secret is kept.
  CREATE TABLE enrolment_codes (
    secret_sha256 TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by_kiosk TEXT
  ) STRICT;

  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id),
    token_sha256 TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  ) STRICT;

  -- Nonces of signed requests, kept while a replay would still be inside the allowed clock skew.
  CREATE TABLE nonces (
    kiosk_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, nonce)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX nonces_expiry ON nonces(expires_at);

  -- The append-only change log. actor: 'coordinator', 'kiosk:<id>' or 'token:<id>'.
  -- kind: member_added, member_changed, member_removed, roster_replaced, terms_set, space_added,
  -- space_suspended, space_resumed, space_removed, kiosk_enrolled, token_created, token_revoked, key_rotated.
  -- target: the member or space id the delta must carry; published_in: the sequence that first carried it (null until published).
  CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    space_id TEXT,
    kind TEXT NOT NULL,
    target_kind TEXT CHECK (target_kind IN ('member', 'space')),
    target TEXT,
    summary TEXT NOT NULL DEFAULT '',
    published_in INTEGER
  ) STRICT;
  CREATE INDEX changes_unpublished ON changes(id) WHERE published_in IS NULL;
  CREATE TRIGGER changes_append_only_update BEFORE UPDATE OF id, at, actor, space_id, kind, target_kind, target, summary ON changes
    BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
  CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes
    BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;

  CREATE TABLE publications (
    sequence INTEGER PRIMARY KEY,
    generated_at TEXT NOT NULL,
    spaces INTEGER NOT NULL,
    members INTEGER NOT NULL,
    feed_sha256 TEXT NOT NULL,
    feed_bytes INTEGER NOT NULL,
    gz_sha256 TEXT NOT NULL,
    gz_bytes INTEGER NOT NULL,
    delta_sha256 TEXT,
    delta_bytes INTEGER,
    manifest_sha256 TEXT NOT NULL,
    changes INTEGER NOT NULL
  ) STRICT;

  -- Failed coordinator sign-ins per source address, for the escalating delay.
  CREATE TABLE sign_in_failures (
    source TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,
  `
  -- Who holds each badge, keyed as kiosks key it (credential-keys.ts fills it): a badge belongs to one member.
  CREATE TABLE member_credentials (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE
  ) STRICT;
  CREATE INDEX member_credentials_key ON member_credentials(kind, value);
  CREATE INDEX member_credentials_member ON member_credentials(member_id);
  `,
  `
  -- Visits members announce to a host (issue #18). \`seq\` grows with every change, so a host's kiosk
  -- asks for what changed since the last one it saw; a cancelled announcement stays, marked.
  CREATE TABLE announcements (
    id TEXT PRIMARY KEY,
    host_space TEXT NOT NULL,
    member_id TEXT NOT NULL,
    member_space TEXT NOT NULL,
    name TEXT NOT NULL,
    date TEXT NOT NULL,
    announced_at TEXT NOT NULL,
    cancelled_at TEXT,
    seq INTEGER NOT NULL UNIQUE
  ) STRICT;
  CREATE UNIQUE INDEX announcements_visit ON announcements(host_space, member_id, date);
  CREATE INDEX announcements_host ON announcements(host_space, seq);
  `,
  `
  -- The low bits of each badge a reader may give alone (credential-keys.ts fills them): a number
  -- printed on a card and the card's whole UID, written by two spaces, are one card at a kiosk.
  ALTER TABLE member_credentials ADD COLUMN bits INTEGER;
  ALTER TABLE member_credentials ADD COLUMN low32 TEXT;
  ALTER TABLE member_credentials ADD COLUMN low24 TEXT;
  CREATE INDEX member_credentials_low32 ON member_credentials(low32) WHERE low32 IS NOT NULL;
  CREATE INDEX member_credentials_low24 ON member_credentials(low24) WHERE low24 IS NOT NULL;
  `,
  `
  -- Each barcode as a kiosk finds it, without regard to case and separators (foldBarcode):
  -- CD-0001 and cd0001, written by two spaces, are one barcode at a kiosk.
  ALTER TABLE member_credentials ADD COLUMN folded TEXT;
  CREATE INDEX member_credentials_folded ON member_credentials(folded) WHERE folded IS NOT NULL;
  `,
];
