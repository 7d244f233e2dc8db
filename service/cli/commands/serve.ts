import path from 'node:path';
import { noPositionals, parseOptions } from '../../../core/command-line.js';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { installDemo } from '../../demo-data.js';
import { type Command } from '../command.js';

const Options = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(4317),
  demo: z.boolean().default(false),
});

/** dist/node/cli.js → dist/renderer, where `vite build` puts the kiosk page. */
const RENDERER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');

export const serve: Command = {
  usage: 'serve [--host 127.0.0.1] [--port 4317] [--demo]',
  summary: 'the kiosk in browser mode at http://HOST:PORT/',
  options: {
    host: { type: 'string', takes: 'the address to listen on, e.g. 127.0.0.1' },
    port: { type: 'string', takes: 'a port number from 0 to 65535' },
    demo: { type: 'boolean' },
  },
  async run({ positionals, values, service, io }) {
    noPositionals(positionals);
    const options = parseOptions(Options, values);
    const kiosk = service();
    kiosk.claimRunning();
    if (options.demo && (await installDemo(kiosk))) io.err('loaded the demo visa list (space: Harbour Works, Lisbon)');
    await kiosk.startRunning();
    // The web server (and its WebSocket library) is loaded by the one command that serves.
    const { isLoopback, startServer } = await import('../../web/server.js');
    const server = await startServer(kiosk, { host: options.host, port: options.port, staticRoot: RENDERER_ROOT, log: io.err });
    if (!isLoopback(options.host)) io.err('serving beyond this computer: a tablet must open the address with its pairing token');
    io.out(`Visa Kiosk (browser mode) at ${server.url}`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
  },
};
