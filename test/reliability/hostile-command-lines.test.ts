import { spawn } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../service/cli/main';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { BIN } from '../fixtures/cli';
import { useTempDir } from '../fixtures/temp';
import { STACK_LINE } from './faults';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const WORDS = [
  'config',
  'get',
  'set',
  'list',
  'visa',
  'import',
  'status',
  'sign',
  'keygen',
  'expect',
  'checkin',
  'daypass',
  'export',
  'staff',
  'add',
  'readers',
  'nonsense',
  '--help',
  '-h',
];
const OPTIONS = [
  '--json',
  '--kind',
  '--form',
  '--at',
  '--dry-run',
  '--name',
  '--email',
  '--from',
  '--to',
  '--report',
  '--format',
  '--space',
  '--bom',
  '--out',
  '--role',
  '--badge',
  '--date',
  '--signature',
  '--public-key',
  '--key',
  '--protocol',
  '--serial',
  '--',
  '-x',
  '--no-such-option',
];

function argvArbitrary(dir: string) {
  const value = fc.oneof(
    fc.constantFrom(
      'space.id',
      'readers',
      'kiosk.idleSeconds',
      'harbour-works',
      'HW-0001',
      '1000A1B200',
      'rfid',
      'barcode',
      'decimal',
      '2026-13-01',
      '2026-11-21',
      '2026-11-21T10:00:00Z',
      'visits',
      'spaces',
      'csv',
      'json',
      'staff',
      'manager',
      '-1',
      '1e999',
      '[]',
      '{"a":',
      '',
    ),
    fc.constantFrom('out.csv', 'key.pem', 'missing.json', 'sub/dir/out.csv').map((f) => path.join(dir, f)),
    fc.string({ maxLength: 20 }),
  );
  const option = fc.oneof(
    fc.constantFrom(...OPTIONS),
    fc.tuple(fc.constantFrom(...OPTIONS), value).map(([o, v]) => `${o}=${v}`),
  );
  return fc.array(fc.oneof(fc.constantFrom(...WORDS), option, value), { minLength: 0, maxLength: 7 });
}

describe('random command lines', () => {
  it('exit 0, 1 or 2 only, never a stack trace, whatever the words (in process)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const setup = Kiosk.open(db);
    await installDemo(setup);
    await setup.close();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await fc.assert(
        fc.asyncProperty(argvArbitrary(dir), fc.stringMatching(/^\d{0,14}$/), async (argv, pin) => {
          const err: string[] = [];
          const out: string[] = [];
          const code = await runCli(
            ['--db', db, ...argv],
            { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => `${pin}\n` },
            { env: { VISA_KIOSK_DB: '' } },
          );
          expect([0, 1, 2]).toContain(code);
          expect(err.join('\n')).not.toMatch(STACK_LINE);
          if (code === 1) expect(err.length).toBe(1);
        }),
        { numRuns: 250 },
      );
    } finally {
      process.chdir(cwd);
    }
  });

  it('the same as real processes: exit status and stderr as a user sees them', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const setup = Kiosk.open(db);
    await installDemo(setup);
    await setup.close();
    const samples = fc.sample(argvArbitrary(dir), { numRuns: 10, seed: 42 });
    const run = (argv: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, '--db', db, ...argv], {
          cwd: dir,
          env: { ...process.env, VISA_KIOSK_DB: '' },
          stdio: ['pipe', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr }));
        child.stdin.end('1234\n');
      });
    for (let i = 0; i < samples.length; i += 2) {
      const results = await Promise.all(samples.slice(i, i + 2).map(run));
      for (const [j, { code, stderr }] of results.entries()) {
        expect([0, 1, 2], `${JSON.stringify(samples[i + j])}: ${stderr}`).toContain(code);
        expect(stderr).not.toMatch(STACK_LINE);
      }
    }
  });
});
