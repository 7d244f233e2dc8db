import path from 'node:path';
import { noPositionals, parseOptions, UsageError } from '../../../core/command-line.js';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isLoopback } from '../../../core/loopback.js';
import { claimRunning, REGISTRY } from '../../../db/running-claim.js';
import { createConsoleState } from '../../console/console-state.js';
import { keyFollower } from '../../keys/key-watch.js';
import { loadKeys, ROOT_ON_SERVER_WARNING } from '../../keys/keys-document.js';
import type { RegistryContext } from '../../http/context.js';
import { startRegistryServer } from '../../http/server.js';
import { watchChanges } from '../../publish/change-watch.js';
import { Publisher } from '../../publish/publisher.js';
import { readMeta } from '../../store/meta.js';
import { Nonces } from '../../store/nonces.js';
import { openRegistryDb } from '../../store/open.js';
import { RegistryWriter } from '../../writer/writer.js';
import { type Command } from '../command.js';

const Options = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(4318),
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
});

/** dist/node/registry-cli.js → dist/renderer, where `vite build` puts the coordinator console's page. */
const PAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');

export const serve: Command = {
  usage: 'serve --dir DIR [--host 127.0.0.1] [--port 4318] [--tls-cert F --tls-key F]',
  summary: "the registry's HTTP API and the public directory of spaces",
  options: {
    host: { type: 'string', takes: 'the address to listen on, e.g. 127.0.0.1 or 0.0.0.0' },
    port: { type: 'string', takes: 'a port number from 0 to 65535' },
    'tls-cert': { type: 'string', takes: "the TLS certificate's PEM file" },
    'tls-key': { type: 'string', takes: "the TLS private key's PEM file" },
  },
  async run({ positionals, values, dir, io, workers }) {
    noPositionals(positionals);
    const options = parseOptions(Options, { host: values.host, port: values.port, tlsCert: values['tls-cert'], tlsKey: values['tls-key'] });
    if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
    const folder = dir();
    const keys = await loadKeys(folder);
    const db = openRegistryDb(folder);
    // One registry serves a folder: a second would publish beside it.
    const claim = claimRunning(db.name, REGISTRY);
    const writer = new RegistryWriter({ dir: folder, db, workerFile: workers?.writer });
    const nonces = new Nonces(db, Math.floor(Date.now() / 1000), (rows, nowSeconds) => writer.run('saveNonces', { rows, nowSeconds }));
    const publisher = Publisher.start({
      db,
      dir: folder,
      key: keys.online,
      keyVersion: keys.document.version,
      onError: (error) => io.err(`publication: ${(error as Error).message}`),
      runPublication: (job) => writer.run('publish', job),
    });
    const context: RegistryContext = {
      db,
      alliance: readMeta(db).name || keys.document.alliance,
      publicUrl: readMeta(db).publicUrl,
      keys,
      pubDir: path.join(folder, 'pub'),
      auth: {
        db,
        nonces,
        now: () => new Date(),
        touched: new Map(),
        touch: (id, at) => void writer.run('touchKiosk', { id, at }).catch((error: Error) => io.err(`kiosk last seen: ${error.message}`)),
      },
      writes: {
        replaceRoster: (w) => writer.run('replaceRoster', w),
        addMember: (w) => writer.run('addMember', w),
        updateMember: (w) => writer.run('updateMember', w),
        removeMember: (w) => writer.run('removeMember', w),
        setTerms: (w) => writer.run('setTerms', w),
        published: (changeId) => publisher.published(changeId),
      },
      console: createConsoleState(PAGE_ROOT),
    };
    const followKeys = keyFollower(
      folder,
      keys,
      (rotated) => {
        context.keys = rotated;
        publisher.setKey(rotated.online, rotated.document.version);
        io.err(`the online key is now version ${rotated.document.version}: the registry signs with it from now on`);
      },
      io.err,
    );
    context.followKeys = followKeys;
    const stopWatching = watchChanges(db, publisher, { before: followKeys });
    try {
      const server = await startRegistryServer(context, {
        host: options.host,
        port: options.port,
        ...(options.tlsCert && options.tlsKey && { tls: { cert: options.tlsCert, key: options.tlsKey } }),
        log: io.err,
      });
      if (keys.rootOnServer) io.err(`warning: ${ROOT_ON_SERVER_WARNING(folder)}`);
      if (!options.tlsCert && !isLoopback(options.host))
        io.err('warning: serving without TLS beyond this computer: give --tls-cert and --tls-key, or put a TLS reverse proxy in front');
      io.out(`Visa Kiosk registry of ${readMeta(db).name} at ${server.url}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    } finally {
      stopWatching();
      await nonces.close();
      await publisher.close();
      await writer.close();
      db.close();
      claim.release();
    }
  },
};
