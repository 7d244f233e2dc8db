import { describe, expect, it } from 'vitest';
import { FeedMember } from '../../core/feed.js';
import { valueProblem } from '../../core/schema-messages.js';
import type { Db } from '../../db/open.js';
import { addMember, removeMember, replaceRoster, updateMember } from '../../registry/store/members.js';
import { setTerms } from '../../registry/store/terms.js';
import { useTempDir } from '../fixtures/temp.js';
import { makeRegistry } from './registry-fixture.js';

const tempDir = useTempDir();

const row = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  name: `Member ${id}`,
  email: `${id}@example.org`,
  status: 'active',
  credentials: [{ kind: 'rfid', value: `0F${Buffer.from(id).toString('hex').toUpperCase()}` }],
  ...over,
});

const alpha = { space: 'alpha', actor: 'kiosk:k-alpha' } as const;
const beta = { space: 'beta', actor: 'token:t-beta' } as const;

function members(db: Db, space: string) {
  return db.prepare('SELECT id, name, email, status, valid_until, credentials FROM members WHERE space_id = ? ORDER BY id').all(space);
}
const changes = (db: Db) => db.prepare('SELECT actor, space_id, kind, target_kind, target, summary FROM changes WHERE id > 2 ORDER BY id').all();

describe("a space's roster", () => {
  it('replaces the whole roster: counts and the first five of each, the change log in the same step', () => {
    const { db } = makeRegistry(tempDir());
    replaceRoster(db, { ...alpha, members: ['a1', 'a2', 'a3'].map((id) => row(id)) });
    const outcome = replaceRoster(db, {
      ...alpha,
      members: [row('a1', { email: 'new@example.org' }), row('a3'), ...['a4', 'a5', 'a6', 'a7', 'a8', 'a9'].map((id) => row(id))],
    });
    expect(outcome).toMatchObject({ added: 6, changed: 1, removed: 1, preview: { added: ['a4', 'a5', 'a6', 'a7', 'a8'], changed: ['a1'], removed: ['a2'] } });
    expect(members(db, 'alpha').map((m) => (m as { id: string }).id)).toEqual(['a1', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9']);
    const log = changes(db).slice(4);
    expect(log).toContainEqual({
      actor: 'kiosk:k-alpha',
      space_id: 'alpha',
      kind: 'member_changed',
      target_kind: 'member',
      target: 'a1',
      summary: 'changed email',
    });
    expect(log).toContainEqual({ actor: 'kiosk:k-alpha', space_id: 'alpha', kind: 'member_removed', target_kind: 'member', target: 'a2', summary: 'removed' });
    expect(log.at(-1)).toMatchObject({ kind: 'roster_replaced', target_kind: null, summary: 'roster replaced: 6 added, 1 changed, 1 removed' });
    expect(outcome.changeId).toBe(db.prepare('SELECT max(id) FROM changes').pluck().get());
  });

  it('a dry run says what would change and changes nothing', () => {
    const { db } = makeRegistry(tempDir());
    replaceRoster(db, { ...alpha, members: [row('a1'), row('a2')] });
    const before = changes(db);
    const outcome = replaceRoster(db, { ...alpha, members: [row('a2', { status: 'expired' }), row('a3')], dryRun: true });
    expect(outcome).toMatchObject({ added: 1, changed: 1, removed: 1, changeId: null, preview: { added: ['a3'], changed: ['a2'], removed: ['a1'] } });
    expect(members(db, 'alpha').map((m) => (m as { id: string }).id)).toEqual(['a1', 'a2']);
    expect(changes(db)).toEqual(before);
  });

  it('the same roster again changes nothing and logs nothing', () => {
    const { db } = makeRegistry(tempDir());
    replaceRoster(db, { ...alpha, members: [row('a1')] });
    const before = changes(db);
    expect(replaceRoster(db, { ...alpha, members: [row('a1')] })).toMatchObject({ added: 0, changed: 0, removed: 0, changeId: null });
    expect(changes(db)).toEqual(before);
  });

  it('refuses a malformed row by its number and id, and writes nothing', () => {
    const { db } = makeRegistry(tempDir());
    replaceRoster(db, { ...alpha, members: [row('a1')] });
    const roster = Array.from({ length: 9 }, (_, i) => row(`cc-${i + 1}`));
    roster[7] = row('cc-8', { email: 'not an address' });
    roster[8] = row('cc-9', { status: 'gone' });
    expect(() => replaceRoster(db, { ...alpha, members: roster })).toThrow(
      'members[7] (cc-8).email: is not an email address (and 1 more row with problems); nothing was changed',
    );
    expect(members(db, 'alpha')).toHaveLength(1);
  });

  it('refuses a name that would not read as stored (a direction override, a control character), and keeps joiners names need', () => {
    const { db } = makeRegistry(tempDir());
    for (const name of ['Evil\u202eexe.TXT', 'Ada\u2066 Lovelace', 'Ada\u001b[2J', 'Ada\u0000']) {
      expect(() => addMember(db, { ...alpha, member: row('a1', { name }) })).toThrow(
        'member.name: holds a control character or a direction override, so it would not read as it is stored',
      );
    }
    // What a screen words in its own language (renderer/locales: hidden_characters).
    const issue = FeedMember.safeParse({ id: 'a1', space: 'alpha', name: 'Evil\u202eexe.TXT', status: 'active' }).error!.issues[0]!;
    expect(valueProblem(issue)).toEqual({ kind: 'hidden_characters' });
    // A zero-width non-joiner is part of many Persian names; a spreadsheet cell may hold two lines.
    addMember(db, { ...alpha, member: row('a2', { name: 'می\u200cخواهم' }) });
    addMember(db, { ...alpha, member: row('a3', { name: 'Lovelace, Ada\nof Lovelace' }) });
    expect(members(db, 'alpha')).toMatchObject([{ id: 'a2', name: 'می\u200cخواهم' }, { id: 'a3' }]);
  });

  it('refuses an unreadable credential and an id sent twice, naming both rows', () => {
    const { db } = makeRegistry(tempDir());
    expect(() => replaceRoster(db, { ...alpha, members: [row('a1'), row('a2', { credentials: [{ kind: 'rfid', value: 'not hex!' }] })] })).toThrow(
      /^members\[1\] \(a2\)\.credentials\[0\]: /,
    );
    expect(() => replaceRoster(db, { ...alpha, members: [row('a1'), row('a2'), row('a1')] })).toThrow('members[2] (a1): the id is already used by members[0]');
    expect(members(db, 'alpha')).toEqual([]);
  });

  it("refuses a roster holding another space's member id, in one sentence, and writes nothing", () => {
    const { db } = makeRegistry(tempDir());
    replaceRoster(db, { ...beta, members: [row('b1')] });
    replaceRoster(db, { ...alpha, members: [row('a1')] });
    expect(() => replaceRoster(db, { ...alpha, members: [row('a2'), row('b1', { name: 'Taken' })] })).toThrow(
      'members[1] (b1): member b1 belongs to space beta: space alpha can change only its own members and terms',
    );
    expect(members(db, 'alpha').map((m) => (m as { id: string }).id)).toEqual(['a1']);
    expect(members(db, 'beta')).toMatchObject([{ id: 'b1', name: 'Member b1' }]);
  });

  it('refuses a space the alliance does not have, or has removed', () => {
    const { db } = makeRegistry(tempDir());
    db.prepare("UPDATE spaces SET state = 'removed' WHERE id = 'beta'").run();
    expect(() => replaceRoster(db, { space: 'gamma', actor: 'coordinator', members: [] })).toThrow('there is no space gamma in this alliance');
    expect(() => addMember(db, { ...beta, member: row('b9') })).toThrow('there is no space beta in this alliance');
  });
});

describe('one member at a time', () => {
  it('adds, updates only the fields sent, and removes, each logged', () => {
    const { db } = makeRegistry(tempDir());
    addMember(db, { ...alpha, member: row('a1', { validUntil: '2027-01-31' }) });
    updateMember(db, { ...alpha, id: 'a1', patch: { status: 'suspended' } });
    expect(members(db, 'alpha')).toEqual([
      {
        id: 'a1',
        name: 'Member a1',
        email: 'a1@example.org',
        status: 'suspended',
        valid_until: '2027-01-31',
        credentials: '[{"kind":"rfid","value":"0F6131"}]',
      },
    ]);
    updateMember(db, { ...alpha, id: 'a1', patch: { credentials: [], validUntil: null } });
    expect(members(db, 'alpha')).toMatchObject([{ valid_until: null, credentials: '[]', email: 'a1@example.org' }]);
    removeMember(db, { ...alpha, id: 'a1' });
    expect(members(db, 'alpha')).toEqual([]);
    expect(changes(db).map((c) => [(c as { kind: string }).kind, (c as { summary: string }).summary])).toEqual([
      ['member_added', 'added Member a1'],
      ['member_changed', 'changed status'],
      ['member_changed', 'changed valid until, credentials'],
      ['member_removed', 'removed'],
    ]);
  });

  it('an update that changes nothing logs nothing', () => {
    const { db } = makeRegistry(tempDir());
    addMember(db, { ...alpha, member: row('a1') });
    expect(updateMember(db, { ...alpha, id: 'a1', patch: { name: 'Member a1' } })).toEqual({ changeId: null });
  });

  it('refuses an id used anywhere in the alliance, naming the space that has it', () => {
    const { db } = makeRegistry(tempDir());
    addMember(db, { ...beta, member: row('m1') });
    expect(() => addMember(db, { ...alpha, member: row('m1') })).toThrow(
      'member id m1 is already used by space beta: member ids are unique across the alliance',
    );
    expect(() => addMember(db, { ...beta, member: row('m1') })).toThrow('member m1 already exists at space beta: update it instead');
  });

  it("never changes or removes another space's member", () => {
    const { db } = makeRegistry(tempDir());
    addMember(db, { ...beta, member: row('b1') });
    const refusal = 'member b1 belongs to space beta: space alpha can change only its own members and terms';
    expect(() => updateMember(db, { ...alpha, id: 'b1', patch: { name: 'Mallory' } })).toThrow(refusal);
    expect(() => removeMember(db, { ...alpha, id: 'b1' })).toThrow(refusal);
    expect(members(db, 'beta')).toMatchObject([{ id: 'b1', name: 'Member b1' }]);
    expect(() => updateMember(db, { ...alpha, id: 'nobody', patch: { name: 'X' } })).toThrow('space alpha has no member nobody');
  });

  it('refuses a member sent with another space than the one written to, and takes one sent with its own', () => {
    const { db } = makeRegistry(tempDir());
    expect(() => addMember(db, { ...alpha, member: row('m1', { space: 'beta' }) })).toThrow(
      'member.space: "beta" is not space alpha, whose members this request writes',
    );
    expect(() => replaceRoster(db, { ...alpha, members: [row('m2', { space: 'alpha' }), row('m3', { space: 'x'.repeat(500) })] })).toThrow(
      'members[1] (m3).space: another space is not space alpha, whose members this request writes; nothing was changed',
    );
    expect(members(db, 'alpha')).toEqual([]);
    addMember(db, { ...alpha, member: row('m1', { space: 'alpha' }) });
    expect(members(db, 'alpha')).toMatchObject([{ id: 'm1' }]);
  });

  it('refuses a bad patch field by name and an unknown field', () => {
    const { db } = makeRegistry(tempDir());
    addMember(db, { ...alpha, member: row('a1') });
    expect(() => updateMember(db, { ...alpha, id: 'a1', patch: { validUntil: '31.01.2027' } })).toThrow('member.validUntil: must be a date written YYYY-MM-DD');
    expect(() => updateMember(db, { ...alpha, id: 'a1', patch: { space: 'beta' } })).toThrow(/^member: /);
  });
});

describe("a space's terms", () => {
  const terms = (db: Db, id: string) =>
    db.prepare('SELECT accepts_visitors, free_days_per_month, notice_hours, notes, day_pass_price, day_pass_currency FROM spaces WHERE id = ?').get(id);

  it('sets only the fields sent, logs them in words, and leaves other spaces alone', () => {
    const { db } = makeRegistry(tempDir());
    setTerms(db, { ...alpha, terms: { visa: { noticeHours: 24 }, dayPass: { price: '25.00', currency: 'EUR' } } });
    expect(terms(db, 'alpha')).toEqual({
      accepts_visitors: 1,
      free_days_per_month: 3,
      notice_hours: 24,
      notes: '',
      day_pass_price: '25.00',
      day_pass_currency: 'EUR',
    });
    setTerms(db, { ...alpha, terms: { visa: { accepts: false } } });
    expect(terms(db, 'alpha')).toMatchObject({ accepts_visitors: 0, notice_hours: 24, day_pass_price: '25.00' });
    setTerms(db, { ...alpha, terms: { dayPass: null } });
    expect(terms(db, 'alpha')).toMatchObject({ day_pass_price: null, day_pass_currency: null });
    expect(terms(db, 'beta')).toEqual({
      accepts_visitors: 1,
      free_days_per_month: 3,
      notice_hours: 0,
      notes: '',
      day_pass_price: null,
      day_pass_currency: null,
    });
    expect(changes(db).map((c) => (c as { summary: string }).summary)).toEqual([
      'accepts visitors, 3 free days a month, 24 h notice, day pass 25.00 EUR',
      'accepts no visitors, 3 free days a month, 24 h notice, day pass 25.00 EUR',
      'accepts no visitors, 3 free days a month, 24 h notice, no day pass',
    ]);
  });

  it('refuses bad terms by field and changes nothing', () => {
    const { db } = makeRegistry(tempDir());
    expect(() => setTerms(db, { ...alpha, terms: { visa: { freeDaysPerMonth: 40 } } })).toThrow(/^terms\.visa\.freeDaysPerMonth: /);
    expect(() => setTerms(db, { ...alpha, terms: { dayPass: { price: '25', currency: 'euro' } } })).toThrow(
      'terms.dayPass.currency: must be a three-letter ISO 4217 code like EUR',
    );
    expect(terms(db, 'alpha')).toMatchObject({ free_days_per_month: 3, day_pass_price: null });
  });
});
