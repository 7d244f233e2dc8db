import { z } from 'zod';
import { noPositionals, parseOptions, print } from '../../../core/command-line.js';
import { type Command } from '../command.js';

export const backup: Command = {
  usage: 'backup [--out FILE] [--json]',
  summary: 'back up the database and its visa list now (online: the kiosk may keep running), into backup.folder or to FILE',
  database: 'existing',
  options: { out: { type: 'string', takes: 'the file to write the backup to' } },
  async run({ positionals, values, service, io, databasePath }) {
    noPositionals(positionals);
    const { out } = parseOptions(z.object({ out: z.string().min(1).optional() }), values);
    const made = await service().maintenance.backup(out === undefined ? {} : { out });
    print(io, made, () => [
      `backed up ${databasePath} to ${made.file}`,
      made.listFile ? `with its visa list ${made.listFile}` : 'no visa list was installed',
      ...(made.removed.length > 0 ? [`removed ${made.removed.length} old backup${made.removed.length === 1 ? '' : 's'} (backup.keep)`] : []),
    ]);
  },
};
