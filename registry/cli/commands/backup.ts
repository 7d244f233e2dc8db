import Database from 'better-sqlite3';
import { noPositionals, parseOptions, print } from '../../../core/command-line.js';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KioskError } from '../../../core/errors.js';
import { fsyncFile, fsyncFolder } from '../../../db/durable.js';
import { keysDocumentPath } from '../../keys/key-files.js';
import { openRegistryDb } from '../../store/open.js';
import { type Command } from '../command.js';

export const backup: Command = {
  usage: 'backup --dir DIR --out FILE [--json]',
  summary: 'an online backup of the registry (its database, with the keys document inside; never a private key) to FILE',
  options: { out: { type: 'string', takes: 'the file to write the backup to' } },
  async run({ positionals, values, dir, io }) {
    noPositionals(positionals);
    const folder = dir();
    const { out } = parseOptions(z.object({ out: z.string().min(1) }), values);
    if (fs.existsSync(out)) throw new KioskError(`${out} exists already: name a new file`);
    const keysDocument = fs.readFileSync(keysDocumentPath(folder), 'utf8');
    const db = openRegistryDb(folder);
    const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
    try {
      // SQLite's online backup: kiosks and writes go on while it copies.
      await db.backup(temp);
    } finally {
      db.close();
    }
    try {
      const copy = new Database(temp);
      try {
        // The keys document travels inside the backup, so one file restores the registry's public side.
        copy
          .prepare("INSERT INTO meta (key, value) VALUES ('keys_document', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
          .run(keysDocument.trim());
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
      fs.chmodSync(temp, 0o600);
      fsyncFile(temp);
      fs.renameSync(temp, out);
      fsyncFolder(path.dirname(out));
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
    print(io, { file: out, bytes: fs.statSync(out).size }, () => `backed up the registry in ${folder} to ${out}`);
  },
};
