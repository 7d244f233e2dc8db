import crypto from 'node:crypto';
import type { CheckinResult } from '../../core/api/checkin.js';
import { looksLikePass, passKeyId, passLabel, passMessage, passText } from '../../core/pass/visa-pass.js';
import { allianceState } from '../../db/alliance-state.js';
import { KIOSK_CHECKPOINTS } from '../../db/checkpoints.js';
import type { Kiosk } from '../../service/kiosk.js';
import { memberName, memberUid } from '../data.js';
import { PtyDevice } from '../pty.js';
import { check, type Measured } from '../report.js';
import { round, spread } from '../stats.js';
import type { Badges } from '../taps.js';

const DAY = 86_400_000;

/**
 * A visa pass check-in (its signature checked offline) beside a listed badge's, through the same
 * pty and the same line reader (a 2D scanner sends both as a line), one of each in turn, so both
 * meet the same moments of the machine (a slow fsync, the kiosk copying its log): each
 * from the moment its line went into the pty to the 'checkin' event, emitted once the visit is
 * committed. The kiosk trusts a key made here as its alliance's online key, as `alliance join` would.
 */
export async function passFigure({ service, badges, taps: count }: { service: Kiosk; badges: Badges; taps: number }): Promise<Measured> {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const online = publicKey.export({ format: 'jwk' }).x!;
  const keyId = await passKeyId(online);
  const host = service.settings.value('space.id')!;
  allianceState(service.db).enrol({
    registryUrl: 'http://127.0.0.1:9',
    publicUrl: null,
    kioskId: 'bench',
    spaceId: host,
    alliance: 'bench',
    rootKey: online,
    keysEnvelope: '{}',
    onlineKey: online,
    keyVersion: 1,
    joinedAt: new Date().toISOString(),
  });
  // The figures after this one tap through the bench's own reader: it is put back.
  const readersBefore = service.settings.value('readers');
  const pty = new PtyDevice();
  await pty.start();
  const pending = new Map<string, (at: number, result: CheckinResult) => void>();
  const onCheckin = (result: CheckinResult) => {
    const at = performance.now();
    pending.get(result.credential.value)?.(at, result);
    pending.delete(result.credential.value);
  };
  service.events.on('checkin', onCheckin);
  const tap = async (line: string, value: string) => {
    const decided = new Promise<{ at: number; result: CheckinResult }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no decision for ${value.slice(0, 20)}… within 10 s`)), 10_000);
      // A pass's check-in carries its label, never the pass (core/pass/visa-pass.ts).
      pending.set(looksLikePass(value) ? passLabel(value) : value, (at, result) => {
        clearTimeout(timer);
        resolve({ at, result });
      });
    });
    void pty.write(Buffer.from(`${line}\r\n`, 'latin1'));
    const { at, result } = await decided;
    return { ms: at - (await pty.writtenAt()), result };
  };
  const now = new Date();
  const pass = (member: number) => {
    const message = passMessage(
      {
        memberId: `m-${member}`,
        spaceId: 'x',
        name: memberName(member),
        issuedAt: new Date(now.getTime() - DAY),
        expiresAt: new Date(now.getTime() + 30 * DAY),
      },
      keyId,
    );
    return passText(message, crypto.sign(null, message, privateKey));
  };
  try {
    service.settings.set({ key: 'readers', value: [{ id: 'bench-scanner', type: 'serial', path: pty.readerPath, protocol: 'line' }] });
    await service.startReaders();
    const deadline = Date.now() + 10_000;
    while (!service.readerStatuses().every((s) => s.state === 'connected')) {
      if (Date.now() > deadline) throw new Error(`the bench's scanner did not connect: ${JSON.stringify(service.readerStatuses())}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const badgeTaps: number[] = [];
    const passTaps: number[] = [];
    const decisions: Record<string, number> = {};
    const badgeDecisions: Record<string, number> = {};
    // The first of each compile the code paths, and bring the kiosk's log to its working size (as
    // in the decision figure, which a full run measures first: alone, 20 of each left the log
    // growing under the counted taps, p99 1.0–1.4 ms against 0.5–0.7 after it); not counted.
    for (let i = 0; i < KIOSK_CHECKPOINTS.tapsPerCopy; i++) {
      const member = badges.next();
      await tap(memberUid(member), memberUid(member));
      const text = pass(badges.next());
      await tap(text, text);
    }
    for (let i = 0; i < count; i++) {
      // Consecutive members are of different spaces (a member's space is its number modulo the
      // spaces): the two take turns, so both sides meet the same decisions (a member here, a
      // visitor, a space not taking part) whatever member the figure starts at.
      const first = badges.next();
      const second = badges.next();
      const [forBadge, forPass] = i % 2 ? [first, second] : [second, first];
      const uid = memberUid(forBadge);
      const badge = await tap(uid, uid);
      badgeTaps.push(badge.ms);
      count1(badgeDecisions, badge.result);
      const text = pass(forPass);
      const { ms, result } = await tap(text, text);
      passTaps.push(ms);
      count1(decisions, result);
    }
    const passes = spread(passTaps);
    const listed = spread(badgeTaps);
    return {
      unit: 'ms',
      measured: { p50: passes.p50, p99: passes.p99 },
      baseline: { p50: listed.p50, p99: listed.p99 },
      baselineWhat: "a listed badge's tap → decision, its UID sent as a line through the same pty and reader",
      ratio: passes.p99 / listed.p99,
      checks: [check('p99 ÷ badge p99', passes.p99 / listed.p99, 1.2)],
      details: { taps: passes.count, max: round(passes.max), badgeMax: round(listed.max), passDecisions: decisions, badgeDecisions },
    };
  } finally {
    service.events.off('checkin', onCheckin);
    service.db.prepare('DELETE FROM alliance').run();
    service.settings.set({ key: 'readers', value: readersBefore });
    await service.startReaders();
    await pty.stop();
  }
}

function count1(decisions: Record<string, number>, result: CheckinResult): void {
  const key = `${result.decision} ${result.reason}`;
  decisions[key] = (decisions[key] ?? 0) + 1;
}
