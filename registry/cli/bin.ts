import { fileURLToPath } from 'node:url';
import { runRegistryCli } from './main.js';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('coordinator password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// A reader that stops early (`status | head -1`) closes the pipe: what is left to say has nowhere to go, which is no error.
const closed = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed.add(stream);
  });
}
const say = (stream: NodeJS.WriteStream, line: string) => void (closed.has(stream) || stream.write(`${line}\n`));

// bin/visa-kiosk.js sends `visa-kiosk registry …` here with the word "registry" still first.
const args = process.argv.slice(2);
process.exitCode = await runRegistryCli(
  args[0] === 'registry' ? args.slice(1) : args,
  {
    out: (line) => say(process.stdout, line),
    err: (line) => say(process.stderr, line),
    readStdin,
  },
  { writer: fileURLToPath(new URL('./registry-writer.js', import.meta.url)) },
);
