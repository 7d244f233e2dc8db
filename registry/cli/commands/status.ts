import { loadKeys, ROOT_ON_SERVER_WARNING } from '../../keys/keys-document.js';
import { noPositionals, print } from '../../../core/command-line.js';
import { registryCounts } from '../../store/counts.js';
import { openRegistryDb } from '../../store/open.js';
import { type Command } from '../command.js';

export const status: Command = {
  usage: 'status --dir DIR [--json]',
  summary: 'the latest publication and what the registry holds: sequence, spaces, members, kiosks',
  options: {},
  async run({ positionals, dir, io }) {
    noPositionals(positionals);
    const folder = dir();
    const db = openRegistryDb(folder);
    let counts;
    try {
      counts = registryCounts(db);
    } finally {
      db.close();
    }
    const keys = await loadKeys(folder);
    print(io, counts, () => [
      `sequence ${counts.sequence}, last published ${counts.lastPublishedAt ?? 'never'}`,
      `${counts.spaces} spaces, ${counts.members} members, ${counts.kiosks} kiosks not revoked`,
      `online key version ${keys.document.version}`,
    ]);
    if (keys.rootOnServer) io.err(`warning: ${ROOT_ON_SERVER_WARNING(folder)}`);
  },
};
