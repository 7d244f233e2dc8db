import fs from 'node:fs';
import { z } from 'zod';
import type { ListStatus } from '../../../core/api.js';
import { KioskError } from '../../../core/errors.js';
import { print, type Command, type Io } from '../command.js';
import { noPositionals, onePositional, parseOptions } from '../parse.js';

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KioskError(`cannot read the ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}`);
  }
}

function printStatus(io: Io, status: ListStatus & { signed?: boolean }, headline?: string): void {
  print(io, status, () => [
    ...(headline ? [headline] : []),
    `sequence     ${status.sequence ?? '(no list installed)'}`,
    `spaces       ${status.spaces}`,
    `members      ${status.members}`,
    `credentials  ${status.credentials}`,
    `last sync    ${status.lastSyncAt ?? 'never'}${status.ageSeconds === null ? '' : ` (${Math.round(status.ageSeconds / 60)} min ago)`}`,
    ...(status.lastError ? [`last error   ${status.lastError}`] : []),
  ]);
}

export const visaImport: Command = {
  usage: 'visa import FILE [--signature FILE.sig] [--public-key KEY.pem]',
  summary: 'install a visa-list feed (coworking-visa/1 JSON)',
  options: { signature: { type: 'string' }, 'public-key': { type: 'string' } },
  run({ positionals, values, service, io }) {
    const file = onePositional(positionals, 'feed file');
    const options = parseOptions(z.object({ signature: z.string().optional(), 'public-key': z.string().optional() }), values);
    const feed = readFile(file, 'feed');
    // The signature sits beside the feed (DESIGN.md); an explicit --signature wins.
    const sigFile = options.signature ?? (fs.existsSync(`${file}.sig`) ? `${file}.sig` : undefined);
    const signature = sigFile === undefined ? undefined : readFile(sigFile, 'signature').toString('utf8');
    const publicKeyPem = options['public-key'] === undefined ? undefined : readFile(options['public-key'], 'public key').toString('utf8');
    const result = service().importFeed({ feed, ...(signature !== undefined && { signature }) }, { source: file, ...(publicKeyPem !== undefined && { publicKeyPem }) });
    printStatus(io, result, `installed ${file}${result.signed ? ' (signature verified)' : ''}`);
  },
};

export const visaStatus: Command = {
  usage: 'visa status [--json]',
  summary: 'what visa list is installed, and how fresh it is',
  options: {},
  run({ positionals, service, io }) {
    noPositionals(positionals);
    printStatus(io, service().listStatus());
  },
};
