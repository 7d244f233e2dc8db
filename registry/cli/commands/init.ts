import fs from 'node:fs';
import { noPositionals, parseOptions, print } from '../../../core/command-line.js';
import { z } from 'zod';
import { KioskError } from '../../../core/errors.js';
import { createPrivateFile } from '../../../db/durable.js';
import { loadKeys, ROOT_ON_SERVER_WARNING } from '../../keys/keys-document.js';
import { makeKeys } from '../../keys/lifecycle.js';
import { keysDir } from '../../keys/key-files.js';
import { hashPassword, MIN_PASSWORD_LENGTH, writeMeta } from '../../store/meta.js';
import { openRegistryDb, registryDbPath } from '../../store/open.js';
import { type Command } from '../command.js';

const Options = z.object({
  name: z.string().trim().min(1).max(200),
  publicUrl: z.url({ protocol: /^https?$/ }),
});

export const init: Command = {
  usage: 'init --dir DIR --name NAME --public-url URL',
  summary: 'make a new registry in DIR: database, offline root key, online signing key; the coordinator password is read from stdin',
  options: {
    name: { type: 'string', takes: "the alliance's name, 1 to 200 characters" },
    'public-url': { type: 'string', takes: 'the http(s) address kiosks reach the registry by, e.g. https://registry.example.org' },
  },
  async run({ positionals, values, dir, io }) {
    noPositionals(positionals);
    const folder = dir();
    const options = parseOptions(Options, { name: values.name, publicUrl: values['public-url'] });
    if (fs.existsSync(registryDbPath(folder)) || fs.existsSync(keysDir(folder)))
      throw new KioskError(`${folder} already holds a registry: choose an empty folder`);
    const password = (await io.readStdin()).replace(/\r?\n$/, '');
    if (password.length < MIN_PASSWORD_LENGTH)
      throw new KioskError(`the coordinator password must be at least ${MIN_PASSWORD_LENGTH} characters: give it on stdin`);
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    makeKeys(folder, options.name);
    // Member names and badge numbers live here: owner-only from the first byte (SQLite gives its WAL the same mode).
    createPrivateFile(registryDbPath(folder));
    const db = openRegistryDb(folder, { create: true });
    try {
      writeMeta(db, {
        name: options.name,
        publicUrl: options.publicUrl.replace(/\/+$/, ''),
        createdAt: new Date().toISOString(),
        passwordHash: hashPassword(password),
      });
    } finally {
      db.close();
    }
    const keys = await loadKeys(folder);
    print(io, { dir: folder, name: options.name, rootFingerprint: keys.rootFingerprint }, () => [
      `made the registry of ${options.name} in ${folder}`,
      `root key fingerprint: ${keys.rootFingerprint}`,
    ]);
    io.err(ROOT_ON_SERVER_WARNING(folder));
  },
};
