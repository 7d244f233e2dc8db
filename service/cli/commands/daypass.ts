import { z } from 'zod';
import { noPositionals, parseOptions, print } from '../../../core/command-line.js';
import { DayPassInput } from '../../../core/api/checkin.js';
import { Instant } from '../../../core/vocabulary.js';
import { type Command } from '../command.js';
import { parseInput } from '../../validate.js';

export const daypass: Command = {
  usage: 'daypass --name NAME [--email E] [--at ISO8601] [--json]',
  summary: 'sell a guest a day pass and log the visit',
  database: 'existing',
  options: {
    name: { type: 'string', takes: "the guest's name" },
    email: { type: 'string', takes: "the guest's email address" },
    at: { type: 'string', takes: 'an ISO 8601 time with a timezone, e.g. 2026-11-21T09:00:00Z' },
  },
  async run({ positionals, values, service, call, io }) {
    noPositionals(positionals);
    const options = parseOptions(z.object({ name: z.string(), email: z.string().optional(), at: Instant.optional() }), values);
    const input = { name: options.name, ...(options.email !== undefined && { email: options.email }) };
    // A sale dated another time only the command line may ask for.
    const result = options.at ? service().desk.sellDayPass(parseInput(DayPassInput, input), { at: new Date(options.at) }) : await call('sellDayPass', input);
    print(io, result, () => `day pass for ${result.name}: ${result.price} ${result.currency}, visit #${result.visitId} on ${result.localDate}`);
  },
};
