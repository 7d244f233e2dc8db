import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { deltaText, planDelta, type DeltaSource } from '../../registry/publish/delta.js';
import { MEMBER_JSON_SQL, memberJson, type SpaceRow } from '../../registry/publish/feed-text.js';
import { diffRoster, rosterPreview, type MemberRow } from '../../registry/store/roster-diff.js';
import { Delta } from '../../core/registry/documents.js';

const member = (id: string, over: Partial<MemberRow> = {}): MemberRow => ({
  id,
  space_id: 'alpha',
  name: `Member ${id}`,
  email: `${id}@example.org`,
  status: 'active',
  valid_until: null,
  credentials: `[{"kind":"rfid","value":"${id.toUpperCase().replace(/[^0-9A-F]/g, '')}0A"}]`,
  ...over,
});

const space = (id: string): SpaceRow => ({
  id,
  name: `Space ${id}`,
  city: 'Berlin',
  country: 'DE',
  timezone: 'Europe/Berlin',
  accepts_visitors: 1,
  free_days_per_month: 3,
  notice_hours: 0,
  notes: '',
  day_pass_price: null,
  day_pass_currency: null,
});

describe('a roster replacement, compared with the roster stored', () => {
  const current = new Map(['a1', 'a2', 'a3', 'a4'].map((id) => [id, member(id)]));

  it('counts a member with new credentials as changed, and one sent as it is as unchanged', () => {
    const diff = diffRoster(current, [member('a1'), member('a2', { credentials: '[{"kind":"barcode","value":"A2"}]' }), member('a3'), member('a4')]);
    expect(diff.added).toEqual([]);
    expect(diff.changed.map((c) => [c.row.id, c.fields])).toEqual([['a2', ['credentials']]]);
    expect(diff.removed).toEqual([]);
  });

  it('names the fields that changed, adds the new and removes those left out', () => {
    const diff = diffRoster(current, [member('a1', { email: 'new@example.org', valid_until: '2027-01-31' }), member('a9'), member('a3')]);
    expect(diff.added.map((r) => r.id)).toEqual(['a9']);
    expect(diff.changed.map((c) => [c.row.id, c.fields])).toEqual([['a1', ['email', 'valid until']]]);
    expect(diff.removed).toEqual(['a2', 'a4']);
  });

  it('previews the first five of each, as sent (removed ones by id)', () => {
    const next = Array.from({ length: 8 }, (_, i) => member(`n${i}`));
    const preview = rosterPreview(diffRoster(current, next));
    expect(preview).toEqual({ added: ['n0', 'n1', 'n2', 'n3', 'n4'], changed: [], removed: ['a1', 'a2', 'a3', 'a4'] });
  });

  it('an empty roster removes every member of the space', () => {
    expect(diffRoster(current, []).removed).toEqual(['a1', 'a2', 'a3', 'a4']);
  });
});

function source(spaces: Record<string, SpaceRow | undefined>, members: MemberRow[]): DeltaSource {
  const byId = new Map(members.map((m) => [m.id, m]));
  return {
    publishedSpace: (id) => spaces[id],
    member: (id) => byId.get(id),
    membersOf: (id) => members.filter((m) => m.space_id === id).map((m) => m.id),
  };
}

describe('the delta a publication carries', () => {
  it('sends a changed member as it is now and a deleted one as removed', () => {
    const plan = planDelta({ members: ['a2', 'a1', 'gone'], spaces: [] }, source({ alpha: space('alpha') }, [member('a1'), member('a2')]));
    expect(plan.members.upsert.map((m) => m.id)).toEqual(['a1', 'a2']);
    expect(plan.members.remove).toEqual(['gone']);
    expect(plan.spaces).toEqual({ upsert: [], remove: [] });
  });

  it('a removed space takes all its stored members with it, and none of them is also upserted', () => {
    const stored = [member('a1'), member('a2'), member('b1', { space_id: 'beta' })];
    const plan = planDelta({ members: ['a1', 'b1'], spaces: ['alpha'] }, source({ alpha: undefined, beta: space('beta') }, stored));
    expect(plan.spaces.remove).toEqual(['alpha']);
    expect(plan.members.remove).toEqual(['a1', 'a2']);
    expect(plan.members.upsert.map((m) => m.id)).toEqual(['b1']);
  });

  it('a member changed in a space that is no longer published is removed, not upserted', () => {
    const plan = planDelta({ members: ['a1'], spaces: [] }, source({ alpha: undefined }, [member('a1')]));
    expect(plan.members).toEqual({ upsert: [], remove: ['a1'] });
  });

  it('a suspended space (still published) is sent with its terms and its members stay', () => {
    const plan = planDelta({ members: [], spaces: ['alpha'] }, source({ alpha: space('alpha') }, [member('a1')]));
    expect(plan.spaces.upsert.map((s) => s.id)).toEqual(['alpha']);
    expect(plan.members).toEqual({ upsert: [], remove: [] });
  });

  it('is a coworking-visa-delta/1 document a kiosk reads', () => {
    const plan = planDelta(
      { members: ['a1', 'x'], spaces: ['alpha'] },
      source({ alpha: { ...space('alpha'), day_pass_price: '25.00', day_pass_currency: 'EUR' } }, [member('a1', { valid_until: '2027-01-31' })]),
    );
    const delta = Delta.parse(JSON.parse(deltaText(plan, { from: 4, sequence: 5, generatedAt: '2026-12-05T08:00:00.000Z' })));
    expect(delta.members.upsert[0]).toMatchObject({ id: 'a1', space: 'alpha', validUntil: '2027-01-31', credentials: [{ kind: 'rfid', value: 'A10A' }] });
    expect(delta.spaces.upsert[0]!.dayPass).toEqual({ price: '25.00', currency: 'EUR' });
    expect(delta.members.remove).toEqual(['x']);
  });
});

describe('a member as JSON text', () => {
  it('reads the same made by SQLite for the full feed as made for a delta, whatever its text holds', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE members (id TEXT, space_id TEXT, name TEXT, email TEXT, status TEXT, valid_until TEXT, credentials TEXT)');
    const rows = [
      member('q1', { name: 'Zoë "Q" O\'Neil \\ 東京 😀', email: '' }),
      member('q2', { name: 'tab\there\nnew line \u0001 \u007f \u2028', valid_until: '2027-01-31', credentials: '[]' }),
      member('q3', { name: '</script>', credentials: '[{"kind":"rfid","form":"decimal","value":"0004340757"}]' }),
    ];
    const insert = db.prepare('INSERT INTO members VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const r of rows) insert.run(r.id, r.space_id, r.name, r.email, r.status, r.valid_until, r.credentials);
    const made = db.prepare(`SELECT ${MEMBER_JSON_SQL} FROM members m ORDER BY m.id`).pluck().all() as string[];
    expect(made).toEqual(rows.map(memberJson));
    expect(made.map((text) => JSON.parse(text) as unknown)).toEqual(rows.map((r) => JSON.parse(memberJson(r)) as unknown));
  });
});
