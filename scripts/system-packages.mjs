// Debian packages the project needs, and a way to get them: installed by apt-get on Debian
// as root (as CI runs), named exactly everywhere else. Only Node built-ins: this runs before npm install.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** What each purpose needs, by Debian package name. */
export const PACKAGES = {
  // better-sqlite3 compiles from source (its prebuilt download is unreachable); so does
  // @thiagoelg/node-printer, against libcups.
  build: ['python3', 'make', 'g++', 'libcups2-dev'],
  // node-hid's prebuilt binding links libusb even in hidraw mode.
  run: ['libusb-1.0-0'],
  // Serial reader tests run over a real pty (held by python3, a build package); socat plays a
  // network label printer, and the soak's reader; end-to-end tests drive Debian's Chromium,
  // with fonts that cover the demo's accented and Japanese names. Printer tests run a private
  // cupsd with a cups-pdf queue, read its PDFs with poppler, and draw badges with Noto fonts.
  // The bench's smoke run measures the export against the sqlite3 program and peak memory with GNU time.
  // Clock tests set a process's wall clock back with libfaketime.
  test: [
    'socat',
    'chromium',
    'fonts-liberation',
    'fonts-droid-fallback',
    'cups',
    'cups-client',
    'cups-bsd',
    'printer-driver-cups-pdf',
    'poppler-utils',
    'fonts-noto-core',
    'fonts-noto-cjk',
    'sqlite3',
    'time',
    'faketime',
  ],
};

function missingDebianPackages(names) {
  return names.filter((name) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return !query.stdout.includes('install ok installed');
  });
}

/** Installs what is missing on Debian as root; elsewhere, says what to install and stops. */
export function ensureSystemPackages(purposes) {
  const wanted = [...new Set(purposes.flatMap((p) => PACKAGES[p]))];
  if (wanted.length === 0) return;
  const debian = process.platform === 'linux' && fs.existsSync('/etc/debian_version');
  if (!debian) {
    console.log(`visa-kiosk: this needs the equivalents of these Debian packages: ${wanted.join(' ')} (make sure they are installed)`);
    return;
  }
  const missing = missingDebianPackages(wanted);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(`visa-kiosk: missing system packages; install them with:\n  sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`visa-kiosk: installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

/** npm ci on a fresh clone (reproducible), npm install where node_modules already exists (fast). */
export function installNodeModules() {
  const fresh = !fs.existsSync('node_modules');
  execFileSync('npm', [fresh && fs.existsSync('package-lock.json') ? 'ci' : 'install', '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
