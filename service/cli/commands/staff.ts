import { z } from 'zod';
import { noPositionals, parseOptions, print } from '../../../core/command-line.js';
import { type Command } from '../command.js';

export const staffAdd: Command = {
  usage: 'staff add --name NAME --role staff|manager [--badge CREDENTIAL]',
  summary: 'add a staff account; the PIN is read from standard input, never from the command line',
  options: {
    name: { type: 'string', takes: "the staff member's name" },
    role: { type: 'string', takes: 'staff or manager' },
    badge: { type: 'string', takes: "the staff member's badge credential" },
  },
  async run({ positionals, values, call, io }) {
    noPositionals(positionals);
    const options = parseOptions(
      z.object({
        name: z.string(),
        role: z.enum(['staff', 'manager']),
        badge: z.string().optional(),
      }),
      values,
    );
    const pin = (await io.readStdin()).split(/\r?\n/)[0] ?? '';
    const result = await call('addStaff', { name: options.name, role: options.role, pin, ...(options.badge !== undefined && { badge: options.badge }) });
    print(io, result, () => `added ${result.role} ${result.name} (#${result.id})`);
  },
};
