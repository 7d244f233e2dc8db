import { FeedSpace } from '../../../core/feed.js';
import { noPositionals, onePositional, parseOptions, print, UsageError } from '../../../core/command-line.js';
import type { Db } from '../../../db/open.js';
import { loadKeys } from '../../keys/keys-document.js';
import { makeEnrolmentCode } from '../../store/codes.js';
import { addSpace, changeSpaceState, listSpaces, NewSpace } from '../../store/spaces.js';
import { type Command, type CommandContext } from '../command.js';
import { withDb } from '../with-db.js';

/** The space id, a word of the command line rather than an option, refused in its own words. */
function spaceId(positionals: string[]): string {
  const parsed = FeedSpace.shape.id.safeParse(onePositional(positionals, 'space id'));
  if (!parsed.success) throw new UsageError(`the space id ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

async function printCode({ io, dir }: CommandContext, db: Db, id: string) {
  const keys = await loadKeys(dir());
  const made = makeEnrolmentCode(db, id, keys.rootFingerprint);
  print(io, made, () => [`one kiosk of ${id} joins with this code (once, until ${made.expiresAt}):`, made.code]);
}

export const spaceAdd: Command = {
  usage: 'space add ID --name N --city C --country CC --timezone TZ --dir DIR [--json]',
  summary: 'enrol a space; prints a one-time enrolment code for its kiosk',
  options: {
    name: { type: 'string', takes: "the space's name, 1 to 200 characters" },
    city: { type: 'string', takes: "the space's city, at most 200 characters" },
    country: { type: 'string', takes: 'a two-letter ISO 3166 country code like PT' },
    timezone: { type: 'string', takes: 'an IANA timezone like Europe/Lisbon' },
  },
  async run(context) {
    const { positionals, values } = context;
    const space = parseOptions(NewSpace, { id: spaceId(positionals), ...values });
    await withDb(context.dir(), async (db) => {
      addSpace(db, space, 'coordinator');
      await printCode(context, db, space.id);
    });
  },
};

export const spaceCode: Command = {
  usage: 'space code ID --dir DIR [--json]',
  summary: "another one-time enrolment code, for a space's next kiosk",
  options: {},
  async run(context) {
    const id = spaceId(context.positionals);
    await withDb(context.dir(), (db) => printCode(context, db, id));
  },
};

/** A space's terms as the coordinator reads them in a list. */
function termsWords({ visa, dayPass }: FeedSpace): string {
  const visitors = visa.accepts
    ? `${visa.freeDaysPerMonth === 0 ? 'no' : visa.freeDaysPerMonth} free visa day${visa.freeDaysPerMonth === 1 ? '' : 's'} a month, ${visa.noticeHours > 0 ? `${visa.noticeHours} h notice` : 'no notice'}`
    : 'takes no visa visitors';
  return dayPass ? `${visitors}, day pass ${dayPass.price} ${dayPass.currency}` : visitors;
}

export const spaceList: Command = {
  usage: 'space list --dir DIR [--json]',
  summary: 'the enrolled spaces, their state and terms',
  options: {},
  async run({ positionals, dir, io }) {
    noPositionals(positionals);
    await withDb(dir(), (db) => {
      const spaces = listSpaces(db);
      print(
        io,
        spaces.map(({ createdAt: _, ...space }) => space),
        () =>
          spaces.length === 0
            ? 'no spaces yet: enrol one with `registry space add`'
            : spaces.map((s) => `${s.id.padEnd(20)} ${s.state.padEnd(10)} ${s.name} (${s.city}, ${s.country}): ${termsWords(s)}`),
      );
    });
  },
};

function stateCommand(step: 'suspend' | 'resume' | 'remove', summary: string, done: string): Command {
  return {
    usage: `space ${step} ID --dir DIR`,
    summary,
    options: {},
    async run({ positionals, dir, io }) {
      const id = spaceId(positionals);
      await withDb(dir(), (db) => {
        const space = changeSpaceState(db, id, step, 'coordinator');
        print(io, { id, state: space.state }, () => `${space.name} (${id}) ${done}`);
      });
    },
  };
}

export const spaceSuspend = stateCommand(
  'suspend',
  'refuse the space’s kiosks and tokens; its members stay listed',
  'is suspended: its kiosks and tokens are refused, its members stay listed',
);
export const spaceResume = stateCommand('resume', 'let a suspended space’s kiosks and tokens in again', 'is active again');
export const spaceRemove = stateCommand(
  'remove',
  'the space and its members leave the next publication',
  'is removed: it and its members leave the next publication',
);
