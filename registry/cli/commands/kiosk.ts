import { noPositionals, onePositional, print, UsageError } from '../../../core/command-line.js';
import { listKiosks, revokeKiosk, type KioskRow } from '../../store/kiosks.js';
import { type Command } from '../command.js';
import { withDb } from '../with-db.js';

const KIOSK_ID = /^k-[A-Za-z0-9_-]{16}$/;

function kioskLine(k: Omit<KioskRow, 'publicKey'>): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt}` : k.lastSeenAt ? `last seen ${k.lastSeenAt}` : 'not seen since it joined';
  return `${k.id}  ${k.spaceId.padEnd(20)} ${(k.name || '(no name)').padEnd(24)} joined ${k.enrolledAt}, ${state}`;
}

export const kioskList: Command = {
  usage: 'kiosk list --dir DIR [--json]',
  summary: 'the enrolled kiosks: their space, name, when they joined and were last seen, and whether revoked',
  options: {},
  async run({ positionals, dir, io }) {
    noPositionals(positionals);
    await withDb(dir(), (db) => {
      const kiosks = listKiosks(db).map(({ publicKey: _, ...kiosk }) => kiosk);
      print(io, kiosks, () => (kiosks.length === 0 ? 'no kiosks yet: a space’s kiosk joins with `alliance join` and a code' : kiosks.map(kioskLine)));
    });
  },
};

export const kioskRevoke: Command = {
  usage: 'kiosk revoke ID --dir DIR [--json]',
  summary: 'refuse a kiosk from now on (stolen or retired): it can download no list and write nothing',
  options: {},
  async run({ positionals, dir, io }) {
    const id = onePositional(positionals, 'kiosk id');
    if (!KIOSK_ID.test(id)) throw new UsageError(`"${id.slice(0, 60)}" is not a kiosk id: they look like k-Qm3x9aLr0PzT4vYb (see \`registry kiosk list\`)`);
    await withDb(dir(), (db) => {
      const kiosk = revokeKiosk(db, id, 'coordinator');
      print(
        io,
        { id, space: kiosk.spaceId, revokedAt: kiosk.revokedAt },
        () => `kiosk ${kiosk.name || id} of ${kiosk.spaceId} is revoked: the registry refuses it from its next request`,
      );
    });
  },
};
