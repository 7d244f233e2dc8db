// The README's test command (`npm run ci`): installs what the suite needs, then runs all of it.
import { execFileSync } from 'node:child_process';
import { ensureSystemPackages, installNodeModules } from './system-packages.mjs';

ensureSystemPackages(['build', 'run', 'test']);
installNodeModules();
try {
  execFileSync('npm', ['test'], { stdio: 'inherit' });
} catch (error) {
  process.exit(typeof error.status === 'number' ? error.status : 1);
}
