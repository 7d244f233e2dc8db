import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from '../fixtures/cli';
import { sleep } from '../fixtures/wait';

/** `visa-kiosk serve` as a process we can SIGKILL; its output is kept for the test to read. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

export async function serve(db: string, args: string[] = ['--demo'], env: NodeJS.ProcessEnv = {}, wrapper: string[] = []): Promise<ServeProcess> {
  const command = [...wrapper, process.execPath, BIN, '--db', db, 'serve', '--port', '0', ...args];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let match: RegExpMatchArray | null;
  const deadline = Date.now() + 15_000;
  while (!(match = out.match(/at (http:\/\/\S+)/))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start: ${out}`);
    }
    await sleep(20);
  }
  return {
    url: match[1]!,
    child,
    output: () => out,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
