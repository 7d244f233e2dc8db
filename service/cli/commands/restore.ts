import { restoreDatabase } from '../../backup/restore.js';
import { onePositional, print } from '../../../core/command-line.js';
import { type Command } from '../command.js';

export const restore: Command = {
  usage: 'restore FILE [--json]',
  summary: 'replace the database with a backup (the kiosk must be stopped); the replaced one is kept beside it',
  options: {},
  run({ positionals, io, databasePath }) {
    const file = onePositional(positionals, 'backup file');
    // No service: it would hold the database open, and the restore refuses a database in use.
    const restored = restoreDatabase(file, databasePath, new Date());
    print(io, restored, () => [
      `restored ${restored.from} into ${restored.database} (${restored.visits} visits)`,
      restored.keptAs ? `the replaced database is kept as ${restored.keptAs}` : 'there was no database to replace',
      restored.list === 'restored'
        ? 'with its visa list'
        : `the visa list is empty until the next visa sync or import (${restored.list === 'none' ? 'the backup had none' : `the backup's list file is ${restored.list}`})`,
    ]);
  },
};
