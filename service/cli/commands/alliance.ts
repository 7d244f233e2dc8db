import fs from 'node:fs';
import { noPositionals, parseOptions, print, UsageError } from '../../../core/command-line.js';
import path from 'node:path';
import { z } from 'zod';
import { KioskError } from '../../../core/errors.js';
import { FeedMember } from '../../../core/feed.js';
import type { MemberPatch, RosterMember, TermsInput } from '../../../core/registry/roster.js';
import { Currency, LocalDate, MemberStatus, Price } from '../../../core/vocabulary.js';
import { BOM } from '../../export/csv.js';
import { cannotWrite } from '../../export/export-file.js';
import { feedCredential, readRoster } from '../../alliance/roster-file.js';
import { parseCredentialEntry } from '../../visa-list/members-csv.js';
import { type Command, type CommandContext } from '../command.js';

function ownSpace(context: CommandContext): string {
  const state = context.service().alliance.state();
  if (!state) throw new KioskError('this kiosk has not joined an alliance registry: run `visa-kiosk alliance join URL CODE` first', 'refused');
  return state.spaceId;
}

/** After a change this kiosk published: its own list gets it now, or the user hears why not. */
async function installHere(context: CommandContext, command: string): Promise<void> {
  const here = await context.service().alliance.installOwnChange();
  if ('notInstalled' in here)
    context.io.err(`visa-kiosk ${command}: note: published, but this kiosk's own list is not updated yet (${here.notInstalled}); its next sync brings it`);
  else if (!context.io.json) context.io.out(`this kiosk's list is now sequence ${here.installed.sequence} (${here.installed.members} members)`);
}

export const allianceJoin: Command = {
  usage: 'alliance join URL CODE [--name NAME] [--switch-space] [--json]',
  summary:
    "join an alliance registry with a space's one-time code: makes this kiosk's key pair, sets space.id, syncs the list from it (--switch-space: a kiosk of another space moves to the code's)",
  database: 'new-kept-if-done',
  options: { name: { type: 'string', takes: 'a name for this kiosk of at most 200 characters' }, 'switch-space': { type: 'boolean' } },
  async run({ positionals, values, service, io }) {
    if (positionals.length !== 2) throw new UsageError(`expected the registry's URL and the enrolment code, got ${positionals.length} arguments`);
    const [url, code] = positionals as [string, string];
    const { name } = parseOptions(z.object({ name: z.string().min(1).max(200).optional() }), values);
    const joined = await service().alliance.join(url, code, { ...(name !== undefined && { name }), switchSpace: values['switch-space'] === true });
    const { sync, ...rest } = joined;
    print(io, { ...rest, sequence: sync?.sequence ?? null, members: sync?.members ?? null }, () => [
      `joined ${joined.alliance} as a kiosk of ${joined.spaceName} (${joined.spaceId}); space.id is now ${joined.spaceId}`,
      `this kiosk's key: ${joined.keyFile} (keep it; it is not in backups)`,
      sync ? `installed the list from the registry: sequence ${sync.sequence}, ${sync.members} members` : `the first sync failed: ${joined.syncError}`,
      ...(joined.left?.retired ? [`retired this kiosk's old registration, kiosk ${joined.left.kioskId} at ${joined.left.registryUrl}`] : []),
    ]);
    if (joined.syncError) io.err(`visa-kiosk alliance join: note: joined, but the first sync failed: ${joined.syncError}`);
    if (joined.left?.retired === false)
      io.err(
        `visa-kiosk alliance join: note: joined, but this kiosk's old registration, kiosk ${joined.left.kioskId} at ${joined.left.registryUrl}, is still open: ${joined.left.problem}`,
      );
  },
};

export const alliancePublish: Command = {
  usage: 'alliance publish FILE [--dry-run] [--json]',
  summary: "replace this space's roster at the registry: the CSV of `visa import`, or feed-shaped JSON",
  database: 'existing',
  options: { 'dry-run': { type: 'boolean' } },
  async run(context) {
    const { positionals, values, io } = context;
    if (positionals.length !== 1) throw new UsageError(`expected one roster file, got ${positionals.length}`);
    const roster = readRoster(positionals[0]!, ownSpace(context));
    if (roster.unsent)
      io.err(
        `visa-kiosk alliance publish: note: only the file's "members" are sent; its ${roster.unsent.map((key) => `"${key}"`).join(', ')} ${roster.unsent.length === 1 ? 'is' : 'are'} not (a space's terms are set with \`alliance terms set\`)`,
      );
    const outcome = await context.service().alliance.publish(roster, values['dry-run'] === true);
    print(io, outcome, () => [
      `${outcome.sequence === null ? 'would change' : 'published'}: ${outcome.added} added, ${outcome.changed} changed, ${outcome.removed} removed`,
      ...(outcome.sequence === null ? [] : [`sequence ${outcome.sequence}`]),
    ]);
    if (outcome.sequence !== null) await installHere(context, 'alliance publish');
  },
};

const MemberOptions = z.object({
  name: FeedMember.shape.name.optional(),
  email: FeedMember.shape.email.unwrap().optional(),
  status: MemberStatus.optional(),
  'valid-until': z
    .union([z.literal(''), LocalDate])
    .transform((date) => (date === '' ? null : date))
    .optional(),
  credential: z.array(z.string()).optional(),
});

function credentials(entries: string[]): RosterMember['credentials'] {
  return entries.map((entry) => {
    const parsed = parseCredentialEntry(entry.trim());
    if (!parsed.ok) throw new UsageError(`--credential ${parsed.error}`);
    return feedCredential(parsed.credential);
  });
}

export const allianceMember: Command = {
  usage: 'alliance member add|update ID [--name N] [--email E] [--status S] [--valid-until D] [--credential KIND:VALUE]… · alliance member remove ID',
  summary: "add, change or remove one member of this kiosk's space at the registry",
  database: 'existing',
  options: {
    name: { type: 'string', takes: "the member's name, 1 to 200 characters" },
    email: { type: 'string', takes: "the member's email address, or an empty value for none" },
    status: { type: 'string', takes: 'one of active, suspended, expired' },
    'valid-until': { type: 'string', takes: 'a date written YYYY-MM-DD, or an empty value for no end' },
    credential: { type: 'string', multiple: true, takes: 'a credential written KIND:VALUE, e.g. barcode:HW-5 or rfid:04:a1:b2:c3' },
  },
  async run(context) {
    const { positionals, values, io } = context;
    const [action, id, ...extra] = positionals;
    if (action !== 'add' && action !== 'update' && action !== 'remove') throw new UsageError('say add, update or remove, then the member id');
    if (id === undefined || extra.length > 0) throw new UsageError(`expected one member id after "${action}"`);
    if (!FeedMember.shape.id.safeParse(id).success) throw new UsageError(`"${id}" is not a member id (letters, digits, ".", "_" and "-")`);
    const options = parseOptions(MemberOptions, values);
    const alliance = context.service().alliance;
    let answer: { sequence: number };
    if (action === 'remove') {
      if (Object.values(options).some((v) => v !== undefined)) throw new UsageError('remove takes only the member id');
      answer = await alliance.removeMember(id);
    } else {
      const fields: MemberPatch = {
        ...(options.name !== undefined && { name: options.name }),
        ...(options.email !== undefined && { email: options.email }),
        ...(options.status !== undefined && { status: options.status }),
        ...(options['valid-until'] !== undefined && { validUntil: options['valid-until'] }),
        ...(options.credential !== undefined && { credentials: credentials(options.credential) }),
      };
      if (action === 'add') {
        if (fields.name === undefined) throw new UsageError('--name is required to add a member');
        answer = await alliance.addMember({ email: '', status: 'active', credentials: [], ...fields, name: fields.name, id });
      } else {
        if (Object.keys(fields).length === 0) throw new UsageError('say what to change: --name, --email, --status, --valid-until or --credential');
        answer = await alliance.updateMember(id, fields);
      }
    }
    print(io, { id, ...answer }, () => `${action === 'add' ? 'added' : action === 'update' ? 'updated' : 'removed'} ${id}: sequence ${answer.sequence}`);
    await installHere(context, 'alliance member');
  },
};

const TermsOptions = z
  .object({
    accepts: z.enum(['true', 'false']).optional(),
    'free-days': z.coerce.number().int().min(0).max(31).optional(),
    'notice-hours': z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 31)
      .optional(),
    notes: z.string().max(2000).optional(),
    'day-pass-price': z.union([z.literal('none'), Price]).optional(),
    currency: Currency.optional(),
  })
  .refine((o) => (o['day-pass-price'] === undefined || o['day-pass-price'] === 'none') === (o.currency === undefined), {
    message: '--day-pass-price and --currency go together (--day-pass-price none: no day passes)',
  });

export const allianceTerms: Command = {
  usage: 'alliance terms set [--accepts true|false] [--free-days N] [--notice-hours N] [--notes TEXT] [--day-pass-price P --currency C]',
  summary: "this kiosk's space's visa terms at the registry",
  database: 'existing',
  options: {
    accepts: { type: 'string', takes: 'true or false' },
    'free-days': { type: 'string', takes: 'a whole number of visa days a month from 0 to 31' },
    'notice-hours': { type: 'string', takes: 'a whole number of hours from 0 to 744' },
    notes: { type: 'string', takes: 'a text of at most 2000 characters' },
    'day-pass-price': { type: 'string', takes: 'an amount like 25.00, or none for no day passes' },
    currency: { type: 'string', takes: 'a three-letter ISO 4217 code like EUR' },
  },
  async run(context) {
    const { positionals, values, io } = context;
    if (positionals.length !== 1 || positionals[0] !== 'set') throw new UsageError('the only terms command is "alliance terms set"');
    const o = parseOptions(TermsOptions, values);
    const visa: NonNullable<TermsInput['visa']> = {
      ...(o.accepts !== undefined && { accepts: o.accepts === 'true' }),
      ...(o['free-days'] !== undefined && { freeDaysPerMonth: o['free-days'] }),
      ...(o['notice-hours'] !== undefined && { noticeHours: o['notice-hours'] }),
      ...(o.notes !== undefined && { notes: o.notes }),
    };
    const price = o['day-pass-price'];
    const terms: TermsInput = {
      ...(Object.keys(visa).length > 0 && { visa }),
      ...(price !== undefined && { dayPass: price === 'none' ? null : { price, currency: o.currency! } }),
    };
    if (Object.keys(terms).length === 0)
      throw new UsageError('say what to set: --accepts, --free-days, --notice-hours, --notes or --day-pass-price with --currency');
    const answer = await context.service().alliance.setTerms(terms);
    print(io, { ...terms, ...answer }, () => `terms set: sequence ${answer.sequence}`);
    await installHere(context, 'alliance terms');
  },
};

export const alliancePasses: Command = {
  usage: 'alliance passes --out FILE.csv [--json]',
  summary: "every member's pass link, as a CSV for a mail merge (each link shows that member's pass: keep the file private)",
  database: 'existing',
  options: { out: { type: 'string', takes: 'the file to write the pass links to' } },
  async run({ positionals, values, service, io }) {
    noPositionals(positionals);
    const { out } = parseOptions(z.object({ out: z.string().min(1) }), values);
    const { csv, count } = await service().alliance.passLinks();
    writePrivateFile(path.resolve(out), BOM + csv);
    print(io, { out: path.resolve(out), members: count }, () => `wrote the pass links of ${count} member${count === 1 ? '' : 's'} to ${out}`);
  },
};

/** Written whole or not at all, readable by its owner only: the links open members' passes. */
function writePrivateFile(file: string, text: string): void {
  // Said before the temp file beside it is written, which would succeed.
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw cannotWrite(file, Object.assign(new Error(), { code: 'EISDIR' }));
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, text, { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw cannotWrite(file, error);
  }
}
