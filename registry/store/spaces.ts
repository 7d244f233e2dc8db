import { z } from 'zod';
import { FeedSpace } from '../../core/feed.js';
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/prepared.js';
import { writeTx } from '../../db/write-tx.js';
import { recordChange, type Actor } from './changes.js';
import { StoreRefusal } from './refusal.js';

export type SpaceState = 'active' | 'suspended' | 'removed';

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region' });

/** Groupings Intl names that are no country: the EU, the euro area, the UN, Outlying Oceania and the other Q codes. */
const NOT_COUNTRIES = /^(EU|EZ|UN|Q[M-Z])$/;

/**
 * Two capital letters that name a country (PT, GB, and XK, Kosovo, as Intl does), not merely look
 * like one (ZZ, XX), nor an old code another replaced (UK for GB, DD, YU): a feed takes any two letters.
 */
const isCountry = (code: string) => {
  // The refinement runs on a value the pattern refused too, and Intl throws on anything but a region subtag.
  if (!/^[A-Z]{2}$/.test(code)) return true;
  const name = REGIONS.of(code);
  return name !== undefined && name !== code && name !== 'Unknown Region' && new Intl.Locale(`und-${code}`).region === code && !NOT_COUNTRIES.test(code);
};

/** What the coordinator gives to enrol a space; its terms start at the defaults (accepts visitors, 3 free days, no notice). */
export const NewSpace = FeedSpace.pick({ id: true, name: true, city: true, country: true, timezone: true }).extend({
  country: FeedSpace.shape.country.refine(isCountry, 'must be a two-letter ISO 3166 country code, such as PT or DE'),
});
export type NewSpace = z.infer<typeof NewSpace>;

export interface SpaceRow extends FeedSpace {
  state: SpaceState;
  createdAt: string;
}

interface Row {
  id: string;
  name: string;
  city: string;
  country: string;
  timezone: string;
  accepts_visitors: number;
  free_days_per_month: number;
  notice_hours: number;
  notes: string;
  day_pass_price: string | null;
  day_pass_currency: string | null;
  state: SpaceState;
  created_at: string;
}

function fromRow(row: Row): SpaceRow {
  return {
    id: row.id,
    name: row.name,
    city: row.city,
    country: row.country,
    timezone: row.timezone,
    visa: { accepts: row.accepts_visitors === 1, freeDaysPerMonth: row.free_days_per_month, noticeHours: row.notice_hours, notes: row.notes },
    dayPass: row.day_pass_price && row.day_pass_currency ? { price: row.day_pass_price, currency: row.day_pass_currency } : null,
    state: row.state,
    createdAt: row.created_at,
  };
}

export function getSpace(db: Db, id: string): SpaceRow | null {
  const row = prepared(db, 'SELECT * FROM spaces WHERE id = ?').get(id) as Row | undefined;
  return row ? fromRow(row) : null;
}

/** The space, or a refusal naming it when the registry has none by that id. */
export function requireSpace(db: Db, id: string): SpaceRow {
  const space = getSpace(db, id);
  if (!space) throw new StoreRefusal(`there is no space "${id}" in this registry`, 'not_found', 'unknown_space');
  return space;
}

/** Every space ever enrolled, by id; `removed` ones only when asked. */
export function listSpaces(db: Db, options: { removed?: boolean } = {}): SpaceRow[] {
  const rows = db.prepare(`SELECT * FROM spaces ${options.removed ? '' : "WHERE state != 'removed'"} ORDER BY id`).all() as Row[];
  return rows.map(fromRow);
}

export function addSpace(db: Db, space: NewSpace, actor: Actor, now = new Date()): SpaceRow {
  return writeTx(db, `space ${space.id}`, () => {
    const existing = getSpace(db, space.id);
    if (existing)
      throw existing.state === 'removed'
        ? new StoreRefusal(`space "${space.id}" was removed from the alliance; its id cannot be used again`, 'refused', 'space_id_removed')
        : new StoreRefusal(`space "${space.id}" is already enrolled`, 'refused', 'space_exists');
    const at = now.toISOString();
    db.prepare('INSERT INTO spaces (id, name, city, country, timezone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      space.id,
      space.name,
      space.city,
      space.country,
      space.timezone,
      at,
      at,
    );
    recordChange(db, { actor, space: space.id, kind: 'space_added', target: { kind: 'space', id: space.id }, summary: `enrolled ${space.name}` }, now);
    return getSpace(db, space.id)!;
  });
}

const TRANSITIONS = {
  suspend: { from: ['active'], to: 'suspended', kind: 'space_suspended' },
  resume: { from: ['suspended'], to: 'active', kind: 'space_resumed' },
  remove: { from: ['active', 'suspended'], to: 'removed', kind: 'space_removed' },
} as const;

/** Suspends, resumes or removes a space; a step that does not apply (resume an active space) is refused in words. */
export function changeSpaceState(db: Db, id: string, step: keyof typeof TRANSITIONS, actor: Actor, now = new Date()): SpaceRow {
  const transition = TRANSITIONS[step];
  return writeTx(db, `space ${id}`, () => {
    const space = requireSpace(db, id);
    if (space.state === 'removed') throw new StoreRefusal(`space "${id}" was removed from the alliance; it cannot change any more`, 'refused', 'space_removed');
    if (!(transition.from as readonly SpaceState[]).includes(space.state))
      throw new StoreRefusal(`space "${id}" is already ${space.state}`, 'refused', `already_${space.state}`);
    db.prepare('UPDATE spaces SET state = ?, updated_at = ? WHERE id = ?').run(transition.to, now.toISOString(), id);
    recordChange(db, { actor, space: id, kind: transition.kind, target: { kind: 'space', id }, summary: `${space.name} ${transition.to}` }, now);
    return { ...space, state: transition.to };
  });
}

/** "space X is suspended by the alliance", or null when its kiosks and tokens may act. */
export function spaceRefusal(space: SpaceRow | null, id: string): string | null {
  if (!space) return `space "${id}" is not in this registry`;
  if (space.state === 'suspended') return `space ${id} is suspended by the alliance`;
  if (space.state === 'removed') return `space ${id} was removed from the alliance`;
  return null;
}
