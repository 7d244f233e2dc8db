import crypto from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kiosk } from '../../service/kiosk';
import { LOCAL } from '../../service/kiosk/audit';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { visaKiosk } from '../fixtures/cli';
import { signedPass } from '../fixtures/pass-input';
import { useTempDir } from '../fixtures/temp';
import { usePassAlliance } from './pass-alliance';

/** Passes signed by a real registry's online key, decided by a kiosk joined to it (harbour), offline. */

const alliance = usePassAlliance();
const tempDir = useTempDir();
const DAY = 86_400_000;

const visit = (k: Kiosk, id: number | null) =>
  k.db
    .prepare('SELECT decision, reason, kind, member_id AS memberId, credential_kind AS credentialKind, credential_value AS value FROM visits WHERE id = ?')
    .get(id);

describe('a visa pass at a kiosk joined to the registry', { timeout: 60_000 }, () => {
  it('admits a listed visitor on the host’s terms as a visa visit, logged like a badge', async () => {
    const { harbour, pass } = alliance();
    const text = await pass({ memberId: 'cc-1', name: 'Ada Lovelace' });
    const result = harbour.desk.checkin({ credential: text });
    expect(result).toMatchObject({
      decision: 'admitted',
      kind: 'visa',
      reason: 'visa',
      member: { id: 'cc-1', name: 'Ada Lovelace', space: 'cedar' },
      visaDaysUsed: 1,
      visaDaysAllowed: 3,
    });
    // The log keeps a label, never the pass itself: it would admit whoever read it, for weeks.
    expect(visit(harbour, result.visitId)).toEqual({
      decision: 'admitted',
      reason: 'visa',
      kind: 'visa',
      memberId: 'cc-1',
      credentialKind: 'barcode',
      value: `CV1:…${text.slice(-8)}`,
    });
    expect(result.credential.value).toBe(`CV1:…${text.slice(-8)}`);
    // Caps Lock, padding and a scanner's AIM prefix change nothing.
    expect(harbour.desk.checkin({ credential: ` ]Q1${text.toLowerCase()} ` }, { dryRun: true })).toMatchObject({ decision: 'admitted', repeat: true });
  });

  it('the list wins where it has the member: a suspended member’s good pass is denied', async () => {
    const { harbour, pass } = alliance();
    const result = harbour.desk.checkin({ credential: await pass({ memberId: 'cc-2' }) });
    expect(result).toMatchObject({ decision: 'denied', reason: 'member_inactive', member: { id: 'cc-2', name: 'Alan Turing' } });
    expect(visit(harbour, result.visitId)).toMatchObject({ decision: 'denied', reason: 'member_inactive', memberId: 'cc-2' });
  });

  it('an expired pass is denied pass_expired and logged with whom it names', async () => {
    const { harbour, pass } = alliance();
    const issuedAt = new Date(Date.now() - 20 * DAY);
    const result = harbour.desk.checkin({
      credential: await pass({ memberId: 'cc-3', name: 'Grace Hopper', issuedAt, expiresAt: new Date(Date.now() - DAY) }),
    });
    expect(result).toMatchObject({ decision: 'denied', reason: 'pass_expired', kind: 'visa', member: { id: 'cc-3', name: 'Grace Hopper' } });
    expect(visit(harbour, result.visitId)).toMatchObject({ decision: 'denied', reason: 'pass_expired', memberId: 'cc-3' });
  });

  it('an altered pass, one from another alliance, and text with the prefix that is no pass are denied pass_invalid, naming nobody, and logged', async () => {
    const { harbour, pass } = alliance();
    const good = await pass({ memberId: 'cc-1', name: 'Ada Lovelace' });
    // One character of the body changed (still base45): the name or dates are not what was signed.
    const at = 40;
    const altered = good.slice(0, at) + (good[at] === 'A' ? 'B' : 'A') + good.slice(at + 1);
    const otherAlliance = await signedPass(crypto.generateKeyPairSync('ed25519').privateKey, {
      memberId: 'cc-1',
      spaceId: 'cedar',
      name: 'Ada Lovelace',
      issuedAt: new Date(),
      expiresAt: new Date(Date.now() + DAY),
    });
    const faults = [];
    for (const text of [altered, otherAlliance, 'CV1:NOT A PASS']) {
      const result = harbour.desk.checkin({ credential: text });
      expect(result).toMatchObject({ decision: 'denied', reason: 'pass_invalid', kind: null, member: null });
      expect(visit(harbour, result.visitId)).toMatchObject({ decision: 'denied', reason: 'pass_invalid', memberId: null });
      faults.push(result.passFault);
    }
    expect(faults).toEqual([expect.stringMatching(/^(bad_signature|malformed)$/), 'unknown_key', 'malformed']);
  });

  it('staff override a pass that could not be checked only by naming the guest: a bad pass names nobody', async () => {
    const { harbour } = alliance();
    const denied = harbour.desk.checkin({ credential: 'CV1:NOT A PASS EITHER' });
    expect(() => harbour.desk.overrideVisit({ visitId: denied.visitId!, reason: 'known to the desk' }, LOCAL)).toThrow(
      'guestName: an unknown badge or a pass that could not be checked is admitted as a guest: say who the visitor is',
    );
    const admitted = harbour.desk.overrideVisit({ visitId: denied.visitId!, reason: 'known to the desk', guestName: 'Ana Lima' }, LOCAL);
    expect(admitted).toMatchObject({ decision: 'admitted', kind: 'guest', reason: 'pass_invalid' });
  });

  it('a holder the list does not know: admitted when the pass is newer than the list (joined since the sync), denied when older (left)', async () => {
    const { harbour, pass } = alliance();
    const generatedAt = new Date(harbour.visaList.status().generatedAt!);
    const fresh = harbour.desk.checkin({ credential: await pass({ memberId: 'cc-new', name: 'Barbara Liskov', issuedAt: new Date(Date.now() + 1000) }) });
    expect(fresh).toMatchObject({ decision: 'admitted', kind: 'visa', member: { id: 'cc-new', name: 'Barbara Liskov', space: 'cedar' } });
    const old = harbour.desk.checkin({
      credential: await pass({ memberId: 'cc-old', name: 'Edsger Dijkstra', issuedAt: new Date(generatedAt.getTime() - 60_000) }),
    });
    expect(old).toMatchObject({ decision: 'denied', reason: 'member_inactive', kind: 'visa', member: { id: 'cc-old' } });
  });

  it('a member removed from the roster is remembered: their pass is refused, even one dated after the list (a registry clock ahead)', async () => {
    const { cedar, harbour, pass } = alliance();
    await cedar.alliance.removeMember('cc-3');
    await harbour.visaList.sync();
    expect(harbour.visaList.status().lastSync).toMatchObject({ mode: 'delta' });
    const ahead = new Date(Date.now() + 5 * 60_000);
    const result = harbour.desk.checkin({ credential: await pass({ memberId: 'cc-3', name: 'Grace Hopper', issuedAt: ahead }) }, { dryRun: true });
    expect(result).toMatchObject({ decision: 'denied', reason: 'member_inactive', member: { id: 'cc-3' } });
  });

  it('`checkin PASS --json` on the command line decides a pass by the same path', async () => {
    const { harbour, pass } = alliance();
    const run = await visaKiosk(['checkin', await pass({ memberId: 'cc-1', name: 'Ada Lovelace' }), '--dry-run', '--json', '--db', harbour.db.name]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ decision: 'admitted', kind: 'visa', member: { id: 'cc-1' } });
    const expired = await visaKiosk([
      'checkin',
      await pass({ memberId: 'cc-1', issuedAt: new Date(Date.now() - 20 * DAY), expiresAt: new Date(Date.now() - DAY) }),
      '--json',
      '--db',
      harbour.db.name,
    ]);
    expect(JSON.parse(expired.stdout)).toMatchObject({ decision: 'denied', reason: 'pass_expired' });
  });
});

describe('a visa pass at a kiosk with a static feed (no registry)', () => {
  it('is denied pass_invalid with the fault saying this kiosk cannot check passes', async () => {
    const { pass } = alliance();
    const k = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    try {
      await k.visaList.importFeed({ feed: feedBytes(smallFeed()) });
      k.settings.set({ key: 'space.id', value: 'harbour' });
      const result = k.desk.checkin({ credential: await pass({ memberId: 'cc-1' }) });
      expect(result).toMatchObject({ decision: 'denied', reason: 'pass_invalid', passFault: 'no_registry' });
    } finally {
      await k.close();
    }
  });
});
