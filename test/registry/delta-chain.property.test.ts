import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../core/errors.js';
import type { Feed } from '../../core/feed.js';
import type { Db } from '../../db/open.js';
import { Publisher } from '../../registry/publish/publisher.js';
import { addMember, removeMember, replaceRoster, updateMember } from '../../registry/store/members.js';
import { setTerms } from '../../registry/store/terms.js';
import { useTempDir } from '../fixtures/temp.js';
import { addSpace, applyDelta, checkPublication, makeRegistry, setSpaceState } from './registry-fixture.js';

const tempDir = useTempDir();
const running: Publisher[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.close();
});

/** One write, with numbers that pick a space, a member or a value among those there are at the time. */
const Op = fc.oneof(
  fc.record({
    op: fc.constant('roster' as const),
    space: fc.nat(),
    keep: fc.array(fc.boolean(), { maxLength: 8 }),
    add: fc.nat({ max: 4 }),
    edit: fc.nat({ max: 3 }),
  }),
  fc.record({ op: fc.constant('add' as const), space: fc.nat() }),
  fc.record({ op: fc.constant('update' as const), pick: fc.nat(), value: fc.nat({ max: 3 }) }),
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('terms' as const), space: fc.nat(), notice: fc.nat({ max: 48 }), dayPass: fc.boolean() }),
  fc.record({ op: fc.constant('state' as const), space: fc.nat(), state: fc.constantFrom('active' as const, 'suspended' as const, 'removed' as const) }),
  fc.record({ op: fc.constant('space' as const) }),
);
type Op = typeof Op extends fc.Arbitrary<infer T> ? T : never;

const credentialsFor = (n: number) =>
  [
    [],
    [{ kind: 'rfid', value: `0F00${String(n).padStart(6, '0')}` }],
    [
      { kind: 'barcode', value: `B-${n}` },
      { kind: 'rfid', form: 'decimal', value: String(4_000_000 + n).padStart(10, '0') },
    ],
    [{ kind: 'barcode', value: `X-${n}` }],
  ][n % 4]!;

class Alliance {
  private next = 0;
  constructor(private readonly db: Db) {}

  private spaces(): { id: string; state: string }[] {
    return this.db.prepare('SELECT id, state FROM spaces ORDER BY id').all() as { id: string; state: string }[];
  }

  private writable(pick: number): string | undefined {
    const spaces = this.spaces().filter((s) => s.state !== 'removed');
    return spaces[pick % Math.max(spaces.length, 1)]?.id;
  }

  private member(pick: number): { id: string; space_id: string } | undefined {
    const all = this.db.prepare("SELECT m.id, m.space_id FROM members m JOIN spaces s ON s.id = m.space_id WHERE s.state != 'removed' ORDER BY m.id").all() as {
      id: string;
      space_id: string;
    }[];
    return all[pick % Math.max(all.length, 1)];
  }

  private newMember(value = 0) {
    const n = this.next++;
    return {
      id: `m${n}`,
      name: `Member ${n}`,
      email: n % 3 ? `m${n}@example.org` : '',
      status: 'active',
      validUntil: n % 2 ? '2027-01-31' : null,
      credentials: credentialsFor(n + value),
    };
  }

  /** Applies a write; returns its change id, or null when it changed nothing. */
  apply(op: Op): number | null {
    const actor = 'kiosk:k' as const;
    switch (op.op) {
      case 'roster': {
        const space = this.writable(op.space);
        if (!space) return null;
        const current = this.db.prepare('SELECT id, name, email, status, valid_until, credentials FROM members WHERE space_id = ? ORDER BY id').all(space) as {
          id: string;
          name: string;
          email: string;
          status: string;
          valid_until: string | null;
          credentials: string;
        }[];
        const kept = current
          .filter((_, i) => op.keep[i] ?? true)
          .map((m, i) => ({
            id: m.id,
            name: i < op.edit ? `${m.name}!` : m.name,
            email: m.email,
            status: m.status,
            validUntil: m.valid_until,
            credentials: JSON.parse(m.credentials) as unknown,
          }));
        const added = Array.from({ length: op.add }, () => this.newMember());
        return replaceRoster(this.db, { space, actor, members: [...kept, ...added] }).changeId;
      }
      case 'add': {
        const space = this.writable(op.space);
        return space ? addMember(this.db, { space, actor, member: this.newMember() }).changeId : null;
      }
      case 'update': {
        const m = this.member(op.pick);
        if (!m) return null;
        const patch = [{ status: 'suspended' }, { credentials: credentialsFor(op.pick + 1) }, { validUntil: null }, { email: 'changed@example.org' }][
          op.value
        ]!;
        return updateMember(this.db, { space: m.space_id, actor, id: m.id, patch }).changeId;
      }
      case 'remove': {
        const m = this.member(op.pick);
        return m ? removeMember(this.db, { space: m.space_id, actor, id: m.id }).changeId : null;
      }
      case 'terms': {
        const space = this.writable(op.space);
        if (!space) return null;
        return setTerms(this.db, {
          space,
          actor,
          terms: { visa: { noticeHours: op.notice }, dayPass: op.dayPass ? { price: '20.00', currency: 'EUR' } : null },
        }).changeId;
      }
      case 'state': {
        const space = this.writable(op.space);
        return space ? setSpaceState(this.db, space, op.state) : null;
      }
      case 'space':
        return addSpace(this.db, `s${this.next++}`);
    }
  }
}

describe('the delta chain', () => {
  it('applying each delta to the previous full feed gives exactly the next full feed, for any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(Op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        const dir = tempDir();
        const { db, key, publicKey } = makeRegistry(dir, ['alpha', 'beta', 'gamma']);
        const publisher = Publisher.start({ db, dir, key, keyVersion: 1, intervalMs: 0, settleMs: 0 });
        running.push(publisher);
        const alliance = new Alliance(db);
        let previous: Feed | null = null;
        try {
          for (const batch of [[{ op: 'add', space: 0 } as Op], ...batches]) {
            let last: number | null = null;
            for (const op of batch) {
              try {
                last = alliance.apply(op) ?? last;
              } catch (error) {
                if (!(error instanceof KioskError)) throw error;
              }
            }
            const sequence = await publisher.published(last);
            if (sequence === null || sequence === previous?.sequence) continue;
            expect(sequence).toBe((previous?.sequence ?? 0) + 1);
            const publication = await checkPublication(dir, publicKey, sequence);
            const published = db
              .prepare("SELECT count(*) FROM members m JOIN spaces s ON s.id = m.space_id WHERE s.state IN ('active', 'suspended')")
              .pluck()
              .get();
            expect(publication.feed.members).toHaveLength(published as number);
            if (previous && publication.delta) expect(applyDelta(previous, publication.delta)).toEqual(publication.feed);
            previous = publication.feed;
          }
        } finally {
          await publisher.close();
          db.close();
        }
      }),
      { numRuns: 25, seed: 20261205 },
    );
  }, 120_000);
});
