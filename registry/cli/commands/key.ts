import { z } from 'zod';
import { noPositionals, parseOptions, print } from '../../../core/command-line.js';
import { writeTx } from '../../../db/write-tx.js';
import { rotateOnlineKey } from '../../keys/lifecycle.js';
import { recordChange } from '../../store/changes.js';
import { openRegistryDb } from '../../store/open.js';
import { type Command } from '../command.js';

export const keyRotate: Command = {
  usage: 'key rotate --dir DIR --root-key FILE',
  summary: 'a new online signing key, named by a keys document the root key signs (a running serve takes it up)',
  options: { 'root-key': { type: 'string', takes: "the offline root key's file" } },
  async run({ positionals, values, dir, io }) {
    noPositionals(positionals);
    const { rootKey } = parseOptions(z.object({ rootKey: z.string().min(1) }), { rootKey: values['root-key'] });
    const folder = dir();
    const { version } = await rotateOnlineKey(folder, rootKey);
    // Logged as a change, so the next publication is signed by the new key: kiosks follow it at their next sync.
    const db = openRegistryDb(folder);
    try {
      writeTx(db, 'the key rotation', () =>
        recordChange(db, { actor: 'coordinator', space: null, kind: 'key_rotated', summary: `online key rotated to version ${version}` }),
      );
    } finally {
      db.close();
    }
    print(io, { version }, () => `the online key is now version ${version}: a running \`registry serve\` signs with it within seconds`);
  },
};
