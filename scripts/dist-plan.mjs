// The decisions behind `npm run dist` (scripts/dist.mjs), kept free of I/O so they can be tested:
// which packages to build here, the deb's maintainer and homepage, electron-builder's arguments,
// where Electron would be downloaded from, and the one line to print when something is missing.

/** The packages per OS, as electron-builder.yml lists them. */
export const PLATFORMS = {
  linux: { flag: '--linux', os: 'linux', electronPlatform: 'linux', targets: ['AppImage', 'deb'] },
  win: { flag: '--win', os: 'win32', electronPlatform: 'win32', targets: ['nsis'] },
};

export const USAGE = 'usage: npm run dist [-- --linux | --win] [--skip-download-check]';

/**
 * What to build on this machine: the host's own packages. Native modules are compiled for the
 * OS they are built on, so a Windows installer made on Linux (or the reverse) would carry the
 * wrong better-sqlite3 and printer module: refused.
 */
export function planDist(argv, hostOs) {
  let requested = null;
  let downloadCheck = true;
  for (const arg of argv) {
    const platform = Object.entries(PLATFORMS).find(([, p]) => p.flag === arg);
    if (platform) {
      if (requested && requested !== platform[0]) return { error: `build one OS at a time (${USAGE})` };
      requested = platform[0];
    } else if (arg === '--skip-download-check') {
      downloadCheck = false;
    } else {
      return { error: `unknown option ${arg} (${USAGE})` };
    }
  }
  const host = Object.keys(PLATFORMS).find((name) => PLATFORMS[name].os === hostOs);
  if (!host) {
    return { error: `packages are built on the OS they are for: run npm run dist on Linux (AppImage, deb) or on Windows (NSIS installer), not on ${hostOs}` };
  }
  if (requested && requested !== host) {
    const wanted = PLATFORMS[requested];
    return {
      error: `${wanted.flag} must be built on ${wanted.os === 'win32' ? 'Windows' : 'Linux'}: the native modules (better-sqlite3, node-hid, the printer module) are compiled for the OS that builds them`,
    };
  }
  return { platform: host, ...PLATFORMS[host], downloadCheck };
}

const MAINTAINER = /^[^<>@]+ <[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>$/;

/** package.json's author as "Name <email>", when it has an email. */
function authorLine(author) {
  if (typeof author === 'string') {
    const match = /^\s*([^<(]+?)\s*<([^>]+)>/.exec(author);
    return match ? `${match[1]} <${match[2]}>` : null;
  }
  if (author && typeof author === 'object' && author.name && author.email) return `${author.name} <${author.email}>`;
  return null;
}

/**
 * The deb's Maintainer and Homepage fields, which Debian requires and nobody should make up:
 * VISA_KIOSK_MAINTAINER ("Name <email>") and VISA_KIOSK_HOMEPAGE, else package.json's author
 * (with an email) and homepage. Returns { maintainer, homepage } or { error }.
 */
export function debMetadata(env, pkg) {
  const maintainer = env.VISA_KIOSK_MAINTAINER?.trim() || authorLine(pkg.author);
  const homepage = env.VISA_KIOSK_HOMEPAGE?.trim() || (typeof pkg.homepage === 'string' ? pkg.homepage.trim() : '');
  const missing = [!maintainer && 'VISA_KIOSK_MAINTAINER="Name <email>"', !homepage && 'VISA_KIOSK_HOMEPAGE=https://…'].filter(Boolean);
  if (missing.length > 0) {
    return {
      error: `the deb package needs a maintainer and a homepage (Debian requires both, and this script does not make them up): set ${missing.join(' and ')}, or give package.json an "author" with an email and a "homepage"`,
    };
  }
  if (!MAINTAINER.test(maintainer)) return { error: `the deb's maintainer must look like "Name <email>", not "${maintainer}" (VISA_KIOSK_MAINTAINER)` };
  let url = null;
  try {
    url = new URL(homepage);
  } catch {
    // reported below
  }
  if (!url || !['http:', 'https:'].includes(url.protocol))
    return { error: `the deb's homepage must be an http(s) address, not "${homepage}" (VISA_KIOSK_HOMEPAGE)` };
  return { maintainer, homepage };
}

/** electron-builder's command line for a plan (`-c.x.y=…` sets one configuration value). */
export function electronBuilderArgs(plan, metadata, electronDist = null) {
  const args = [plan.flag, '--publish', 'never'];
  if (metadata) args.push(`-c.linux.maintainer=${metadata.maintainer}`, `-c.extraMetadata.homepage=${metadata.homepage}`);
  // A folder holding electron-v…zip: electron-builder unpacks that instead of downloading.
  if (electronDist) args.push(`-c.electronDist=${electronDist}`);
  return args;
}

/** The file name of Electron's release zip, as Electron publishes it. */
export function electronZipName(version, electronPlatform, arch) {
  return `electron-v${version}-${electronPlatform}-${arch}.zip`;
}

const ELECTRON_RELEASES = 'https://github.com/electron/electron/releases/download/';

/** Where electron-builder (@electron/get) downloads that zip from: ELECTRON_MIRROR and ELECTRON_CUSTOM_DIR as it reads them. */
export function electronZipUrl(version, electronPlatform, arch, env) {
  const base = env.ELECTRON_MIRROR || ELECTRON_RELEASES;
  const dir = (env.ELECTRON_CUSTOM_DIR || `v${version}`).replace('{{ version }}', version);
  return `${base}${dir}/${electronZipName(version, electronPlatform, arch)}`;
}

/** Electron's headers, which npmRebuild compiles the native modules against (@electron/rebuild's default). */
export function electronHeadersUrl(version) {
  return `https://www.electronjs.org/headers/v${version}/node-v${version}-headers.tar.gz`;
}

/** Where electron-builder downloads its AppImage, fpm and NSIS tools from. */
export function builderToolsUrl(env) {
  const mirror = env.ELECTRON_BUILDER_BINARIES_MIRROR;
  return mirror ? (mirror.endsWith('/') ? mirror : `${mirror}/`) : 'https://github.com/electron-userland/electron-builder-binaries/releases/download/';
}

/** The one line for a download that cannot be made; `what` is 'electron', 'headers' or 'tools'. */
export function downloadMessage(what, { version, zipName, url, reason }) {
  switch (what) {
    case 'electron':
      return (
        `Electron ${version} cannot be downloaded from ${url} (${reason}), and electron-builder needs it: ` +
        `run npm run dist on a machine with internet access to github.com/electron/electron releases, ` +
        `or set ELECTRON_MIRROR to a mirror of them, or put ${zipName} in a folder and set ELECTRON_CACHE to that folder`
      );
    case 'headers':
      return (
        `Electron ${version}'s headers cannot be downloaded from ${url} (${reason}), and electron-builder needs them to compile ` +
        `better-sqlite3 and the printer module for Electron: run npm run dist on a machine with internet access to electronjs.org`
      );
    default:
      return (
        `electron-builder's packaging tools (AppImage, fpm, NSIS) cannot be downloaded from ${url} (${reason}): ` +
        `run npm run dist on a machine with internet access to github.com, or set ELECTRON_BUILDER_BINARIES_MIRROR to a mirror of them`
      );
  }
}
