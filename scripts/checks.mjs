// The checks `npm test` runs before the suite, side by side: the package's own `typecheck`,
// `lint:code` and `lint:format` scripts (`npm run lint` is the last two); in turn they took most
// of a minute of CI.
import { spawn } from 'node:child_process';

const CHECKS = ['typecheck', 'lint:code', 'lint:format'];

function run(name) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ name, code: code ?? 1, output }));
  });
}

const results = await Promise.all(CHECKS.map(run));
for (const { name, code, output } of results) {
  process.stdout.write(`> ${name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`}\n`);
  if (code !== 0) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
