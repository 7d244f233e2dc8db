import { z } from 'zod';
import { onePositional, parseOptions, print } from '../../../core/command-line.js';
import { LocalDate } from '../../../core/vocabulary.js';
import { type Command } from '../command.js';

export const expect: Command = {
  usage: 'expect MEMBER_ID --date YYYY-MM-DD',
  summary: 'register a visit announced in advance (for spaces that ask for notice)',
  database: 'existing',
  options: { date: { type: 'string', takes: 'the day of the visit, written YYYY-MM-DD' } },
  async run({ positionals, values, call, io }) {
    const memberId = onePositional(positionals, 'member id');
    const { date } = parseOptions(z.object({ date: LocalDate }), values);
    const result = await call('expectVisit', { memberId, date });
    print(io, result, () => `${result.memberId} is expected on ${result.date}`);
    if (result.notice)
      io.err(
        `visa-kiosk expect: warning: ${result.date} is inside this space's notice window (${result.notice.hours} hours): the visit counts as announced only from ${result.notice.countsFrom}, so a tap before then is still refused for notice`,
      );
  },
};
