import { fileURLToPath } from 'node:url';
import { runCli } from './main.js';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('PIN: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// undici announces its proxy agent as experimental on every run; a refusal must stay one line on stderr.
process.removeAllListeners('warning');
process.on('warning', (warning: Error & { code?: string }) => {
  if (warning.code !== 'UNDICI-EHPA') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

// A reader that stops early (`doctor | head -3`) closes the pipe: what is left to say has nowhere to go, which is no error.
const closed = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed.add(stream);
  });
}
const say = (stream: NodeJS.WriteStream, line: string) => void (closed.has(stream) || stream.write(`${line}\n`));

const status = await runCli(
  process.argv.slice(2),
  {
    out: (line) => say(process.stdout, line),
    err: (line) => say(process.stderr, line),
    readStdin,
  },
  {
    workers: {
      listWorker: fileURLToPath(new URL('./list-worker.js', import.meta.url)),
      spooler: { file: fileURLToPath(new URL('./spooler-process.js', import.meta.url)) },
      exportWorker: fileURLToPath(new URL('./export-worker.js', import.meta.url)),
      exportSliceWorker: fileURLToPath(new URL('./export-slice-worker.js', import.meta.url)),
      storageCheckWorker: fileURLToPath(new URL('./storage-check-worker.js', import.meta.url)),
      checkpointWorker: fileURLToPath(new URL('./checkpoint-worker.js', import.meta.url)),
    },
  },
);
process.exitCode = status;
