import { z } from 'zod';
import { rotateOnlineKey } from '../../keys/lifecycle.js';
import { noPositionals, parseOptions, print, type Command } from '../command.js';

export const keyRotate: Command = {
  usage: 'key rotate --dir DIR --root-key FILE',
  summary: 'a new online signing key, named by a keys document the root key signs (restart serve after)',
  options: { 'root-key': { type: 'string' } },
  async run({ positionals, values, dir, io }) {
    noPositionals(positionals);
    const { rootKey } = parseOptions(z.object({ rootKey: z.string().min(1) }), { rootKey: values['root-key'] });
    const { version } = await rotateOnlineKey(dir(), rootKey);
    print(io, { version }, () => `the online key is now version ${version}: restart \`registry serve\` so it signs with it`);
  },
};
