import { settingRefused } from '../validate.js';
import type { ValidInput } from '../../core/api.js';
import { KioskError } from '../../core/errors.js';
import { auditedSetting } from '../../core/setting-audit.js';
import { effectiveSetting, isSettingKey, SETTING_KEYS, SETTINGS, type SettingKey, type SettingValue } from '../../core/settings.js';
import type { Db } from '../../db/open.js';
import { settingsTable } from '../../db/settings.js';
import { writeTx } from '../../db/write-tx.js';
import { parsePublicKey } from '../visa-list/feed-signature.js';
import type { ListStore } from '../visa-list/list-store.js';
import type { Actor } from '../sessions.js';
import { LOCAL, type AuditRecord } from './audit.js';

/** The kiosk's settings (core/settings.ts): read by every other service, changed with an audit entry. */
export class SettingsService {
  private readonly table;
  private readonly dataVersion;
  /** Values read inside transactions, while no other connection has written the database. */
  private readonly cache = new Map<SettingKey, unknown>();
  private cachedVersion: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly store: ListStore,
    private readonly record: AuditRecord,
  ) {
    this.table = settingsTable(db);
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /** A setting's value, or its default. */
  value<K extends SettingKey>(key: K): SettingValue<K> {
    const stored = this.stored(key);
    const spec = SETTINGS[key] as { default?: unknown };
    return (stored === undefined ? spec.default : stored) as SettingValue<K>;
  }

  /**
   * Inside a transaction (a tap's) the database's data version, which changes when another
   * connection commits (`visa-kiosk config set` beside the kiosk), says at once whether a value
   * read before still holds; this connection's own writes go through set and unset, which forget.
   * Outside one, asking the version would cost as much as the row itself.
   */
  private stored(key: SettingKey): unknown {
    if (!this.db.inTransaction) return this.table.get(key);
    const version = this.dataVersion.get();
    if (version !== this.cachedVersion) {
      this.cache.clear();
      this.cachedVersion = version;
    }
    if (this.cache.has(key)) return this.cache.get(key);
    const stored = this.table.get(key);
    this.cache.set(key, stored);
    return stored;
  }

  get({ key }: ValidInput<'getSetting'>): unknown {
    if (!isSettingKey(key)) throw unknownSetting(key);
    return this.value(key) ?? null;
  }

  set(input: ValidInput<'setSetting'>, actor: Actor = LOCAL): unknown {
    const { key } = input;
    if (!isSettingKey(key)) throw unknownSetting(key);
    const parsed = SETTINGS[key].schema.safeParse(input.value);
    if (!parsed.success) throw settingRefused(key, parsed.error.issues[0]!);
    const value = parsed.data;
    const list = this.store.list;
    if (key === 'space.id' && list.info().spaces > 0 && !list.space(value as string)) {
      throw new KioskError(`space "${value as string}" is not in the installed visa list`, 'invalid', {
        detail: { what: 'space_not_in_list', space: value as string },
      });
    }
    // Checked now, not at the next sync: a key that cannot verify anything would refuse every feed.
    if (key === 'visa.publicKey') parsePublicKey(value as string, 'visa.publicKey');
    this.write(() => {
      const before = effectiveSetting(key, this.table.get(key));
      this.table.set(key, value);
      // Never a secret in the trail: a webhook's URL is its own password (PEM keys are public, and PINs are not settings).
      this.record(actor, 'setting', { key, before: auditedSetting(key, before), after: auditedSetting(key, value) });
    });
    return value;
  }

  /** Back to the default (for printer.name: no badges); returns the value the setting now has. */
  unset({ key }: ValidInput<'unsetSetting'>, actor: Actor = LOCAL): unknown {
    if (!isSettingKey(key)) throw unknownSetting(key);
    const after = effectiveSetting(key, undefined);
    this.write(() => {
      const stored = this.table.get(key);
      if (stored === undefined) return;
      this.table.remove(key);
      this.record(actor, 'setting', { key, before: auditedSetting(key, stored), after: auditedSetting(key, after) });
    });
    return after;
  }

  private write(change: () => void): void {
    try {
      writeTx(this.db, 'the setting', change);
    } finally {
      this.cache.clear();
    }
  }

  list(): Record<string, unknown> {
    return Object.fromEntries(SETTING_KEYS.map((key) => [key, this.value(key) ?? null]));
  }
}

function unknownSetting(key: string): KioskError {
  return new KioskError(`unknown setting "${key}"; the settings are: ${SETTING_KEYS.join(', ')}`, 'invalid');
}
