import crypto from 'node:crypto';
import { type Io, noPositionals, onePositional, parseOptions, print } from '../../../core/command-line.js';
import fs from 'node:fs';
import { z } from 'zod';
import type { ImportResult, ListStatus } from '../../../core/api/visa-list.js';
import { KioskError } from '../../../core/errors.js';
import { PLAIN_HTTP_REGISTRY_WARNING, PLAIN_HTTP_WARNING, plainHttpSource, staleText } from '../../../core/list-freshness.js';
import { cannotRead } from '../../../db/list-file.js';
import { lastSyncWords } from '../../doctor/check.js';
import { cannotWrite } from '../../export/export-file.js';
import { type Command } from '../command.js';

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw cannotRead(file, error, what);
  }
}

function statusLines(status: ListStatus): string[] {
  return [
    `sequence     ${status.sequence ?? '(no list installed)'}`,
    `spaces       ${status.spaces}`,
    `members      ${status.members}`,
    `credentials  ${status.credentials}`,
    `generated    ${status.generatedAt ?? '(not given)'}`,
    ...(status.expiresAt ? [`expires      ${status.expiresAt}`] : []),
    `last sync    ${status.lastSyncAt ?? 'never'}${status.lastSyncAt === null ? '' : ` (${lastSyncWords(status.lastSyncAt, new Date()).replace(/^last sync /, '')})`}`,
    ...(status.lastSync ? [`by registry  ${status.lastSync.mode} sync, ${status.lastSync.bytes} bytes, ${status.lastSync.ms} ms`] : []),
    ...(status.staleReason ? [`STALE        ${staleText(status.staleReason)}`] : []),
    ...(status.lastError ? [`last error   ${status.lastError}`] : []),
  ];
}

/** The plain-http note goes to stderr, so `--json` output stays one document. */
export function warnPlainHttp(io: Io, command: string, url: string | null | undefined, from: 'registry' | 'feed' = 'feed'): void {
  if (plainHttpSource(from, url)) io.err(`visa-kiosk ${command}: warning: ${from === 'registry' ? PLAIN_HTTP_REGISTRY_WARNING : PLAIN_HTTP_WARNING}`);
}

function printImport(io: Io, result: ImportResult, headline: string): void {
  print(io, result, () => [
    `${headline}${result.signed ? ' (signature verified)' : ''}`,
    ...statusLines(result),
    ...(result.skipped > 0 ? [`skipped ${result.skipped} record${result.skipped === 1 ? '' : 's'}:`, ...result.problems.map((p) => `  ${p}`)] : []),
  ]);
}

export const visaImport: Command = {
  usage: 'visa import FILE [--signature FILE.sig] [--public-key KEY.pem]',
  summary: 'install a visa list: a coworking-visa/1 feed (JSON) or a CSV member list (.csv)',
  options: {
    signature: { type: 'string', takes: "the feed's signature file" },
    'public-key': { type: 'string', takes: 'the PEM file of the public key the feed is signed with' },
  },
  async run({ positionals, values, service, io }) {
    const file = onePositional(positionals, 'feed or CSV file');
    const options = parseOptions(z.object({ signature: z.string().optional(), 'public-key': z.string().optional() }), values);
    // The signature sits beside the feed (docs/alliances.md, "Signing"); an explicit --signature wins.
    const sigFile = options.signature ?? (fs.existsSync(`${file}.sig`) ? `${file}.sig` : undefined);
    const result = await service().visaList.importFile(file, {
      ...(sigFile !== undefined && { signature: readFile(sigFile, 'signature').toString('utf8') }),
      ...(options['public-key'] !== undefined && { publicKeyPem: readFile(options['public-key'], 'public key').toString('utf8') }),
    });
    printImport(io, result, `installed ${file}`);
    // Installed as an unsigned feed, as it would be without the signature: say so, rather than let it pass for checked.
    if (sigFile !== undefined && !result.signed)
      io.err(`visa-kiosk visa import: note: ${sigFile} was not checked: no alliance key is set (visa.publicKey or --public-key)`);
  },
};

export const visaSync: Command = {
  usage: 'visa sync [--url URL] [--public-key KEY.pem] [--json]',
  summary: 'fetch the visa list (and URL.sig) over HTTP(S) and install it if it changed',
  options: {
    url: { type: 'string', takes: "the feed's http(s) URL" },
    'public-key': { type: 'string', takes: 'the PEM file of the public key the feed is signed with' },
  },
  async run({ positionals, values, service, io }) {
    noPositionals(positionals);
    const options = parseOptions(z.object({ url: z.url({ protocol: /^https?$/ }).optional(), 'public-key': z.string().optional() }), values);
    const result = await service().visaList.sync({
      ...(options.url !== undefined && { url: options.url }),
      ...(options['public-key'] !== undefined && { publicKeyPem: readFile(options['public-key'], 'public key').toString('utf8') }),
    });
    if (result.changed) printImport(io, result, `installed the list from ${result.url}`);
    else print(io, result, () => [`the list at ${result.url} has not changed`, ...statusLines(result)]);
    warnPlainHttp(io, 'visa sync', result.url, result.from);
  },
};

export const visaStatus: Command = {
  usage: 'visa status [--json]',
  summary: 'what visa list is installed, and how fresh it is',
  database: 'existing',
  options: {},
  async run({ positionals, call, io }) {
    noPositionals(positionals);
    const status = await call('listStatus', {});
    print(io, status, () => statusLines(status));
  },
};

export const visaKeygen: Command = {
  usage: 'visa keygen --out KEY.pem',
  summary: 'for an alliance: make an Ed25519 key pair (KEY.pem private, KEY.pub.pem public)',
  options: { out: { type: 'string', takes: 'the file to write the private key to (the public key goes beside it)' } },
  run({ positionals, values, io }) {
    noPositionals(positionals);
    const { out } = parseOptions(z.object({ out: z.string().min(1) }), values);
    const publicFile = out.replace(/(\.pem)?$/, '.pub.pem');
    // Both are checked first: a new private key beside another key's public half would sign feeds no kiosk can check.
    for (const file of [out, publicFile]) if (fs.existsSync(file)) throw new KioskError(`${file} exists already: a signing key is never overwritten`);
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    for (const [file, pem, mode] of [
      [out, privateKey.export({ type: 'pkcs8', format: 'pem' }), 0o600],
      [publicFile, publicKey.export({ type: 'spki', format: 'pem' }), 0o644],
    ] as const) {
      try {
        fs.writeFileSync(file, pem, { mode, flag: 'wx' });
      } catch (error) {
        throw cannotWrite(file, error);
      }
    }
    print(io, { privateKey: out, publicKey: publicFile }, () => [`private key ${out} (keep it secret)`, `public key  ${publicFile} (give it to the kiosks)`]);
  },
};

export const visaSign: Command = {
  usage: 'visa sign FEED --key KEY.pem',
  summary: 'for an alliance: write FEED.sig, the base64 Ed25519 signature of the feed’s exact bytes',
  options: { key: { type: 'string', takes: 'the PEM file of the private key to sign with' } },
  run({ positionals, values, io }) {
    const feed = onePositional(positionals, 'feed file');
    const { key } = parseOptions(z.object({ key: z.string().min(1) }), values);
    let privateKey: crypto.KeyObject;
    try {
      privateKey = crypto.createPrivateKey(readFile(key, 'key'));
    } catch (error) {
      throw error instanceof KioskError ? error : new KioskError(`${key} is not a readable PEM private key`);
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new KioskError(`${key} is an ${privateKey.asymmetricKeyType} key, not Ed25519`);
    const signature = crypto.sign(null, readFile(feed, 'feed'), privateKey).toString('base64');
    fs.writeFileSync(`${feed}.sig`, signature);
    print(io, { signature: `${feed}.sig` }, () => `wrote ${feed}.sig`);
  },
};
