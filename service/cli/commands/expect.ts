import { z } from 'zod';
import { ExpectInput } from '../../../core/api.js';
import { LocalDate } from '../../../core/vocabulary.js';
import { print, type Command } from '../command.js';
import { onePositional, parseOptions } from '../parse.js';
import { parseInput } from '../../validate.js';

export const expect: Command = {
  usage: 'expect MEMBER_ID --date YYYY-MM-DD',
  summary: 'register a visit announced in advance (for spaces that ask for notice)',
  options: { date: { type: 'string' } },
  run({ positionals, values, service, io }) {
    const memberId = onePositional(positionals, 'member id');
    const { date } = parseOptions(z.object({ date: LocalDate }), values);
    const result = service().desk.expectVisit(parseInput(ExpectInput, { memberId, date }));
    print(io, result, () => `${result.memberId} is expected on ${result.date}`);
  },
};
