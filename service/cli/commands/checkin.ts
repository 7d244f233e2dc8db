import { z } from 'zod';
import { onePositional, parseOptions, print } from '../../../core/command-line.js';
import { CheckinInput, type CheckinResult } from '../../../core/api/checkin.js';
import { RfidForm } from '../../../core/credentials.js';
import { REASON_TEXT } from '../../../core/reason-text.js';
import { CredentialKind, Instant } from '../../../core/vocabulary.js';
import { type Command } from '../command.js';
import { parseInput } from '../../validate.js';

const Options = z.object({
  kind: CredentialKind.optional(),
  form: RfidForm.optional(),
  at: Instant.optional(),
  'dry-run': z.boolean().optional(),
});

function describe(result: CheckinResult): string[] {
  if (result.decision === 'staff') return [`STAFF     ${result.staff?.name ?? ''}: staff mode opens on the kiosk`];
  const who = result.member ? `${result.member.name} (${result.member.spaceName ?? result.member.space})` : `badge ${result.credential.value}`;
  const days =
    result.visaDaysUsed !== null && result.decision === 'admitted' ? `, visa day ${result.visaDaysUsed} of ${result.visaDaysAllowed} this month` : '';
  const reason = result.reason ? REASON_TEXT[result.reason] : '';
  const repeat = result.checkedOut ? ' (checked out)' : result.checkedBackIn ? ' (back: checked in again)' : result.repeat ? ' (already checked in today)' : '';
  const lines = [`${result.decision.toUpperCase().padEnd(9)} ${who}: ${reason}${days}${repeat}`];
  if (result.visitId !== null) lines.push(`visit #${result.visitId} on ${result.localDate}`);
  if (result.dayPass) lines.push(`a day pass costs ${result.dayPass.price} ${result.dayPass.currency}`);
  return lines;
}

export const checkin: Command = {
  usage: 'checkin CREDENTIAL [--kind rfid|barcode] [--form hex|hex-reversed|decimal|decimal-reversed|wiegand26|wiegand34] [--at ISO8601] [--dry-run] [--json]',
  summary: 'the decision a tap gets; logs the visit unless --dry-run',
  database: 'existing',
  options: {
    kind: { type: 'string', takes: 'rfid or barcode' },
    form: { type: 'string', takes: 'one of hex, hex-reversed, decimal, decimal-reversed, wiegand26, wiegand34' },
    at: { type: 'string', takes: 'an ISO 8601 time with a timezone, e.g. 2026-11-21T09:00:00Z' },
    'dry-run': { type: 'boolean' },
  },
  async run({ positionals, values, service, call, io }) {
    const credential = onePositional(positionals, 'credential');
    const options = parseOptions(Options, values);
    const input = { credential, ...(options.kind && { kind: options.kind }), ...(options.form && { form: options.form }) };
    // A tap now is a contract call; a tap at another time, or one that logs nothing, only the command line may ask for.
    const result =
      options.at || options['dry-run']
        ? service().desk.checkin(parseInput(CheckinInput, input), { dryRun: options['dry-run'] ?? false, ...(options.at && { at: new Date(options.at) }) })
        : await call('checkin', input);
    // The answer to "Check out?" is given at a screen: its ticket means nothing here.
    const { checkOutTicket: _ticket, ...shown } = result;
    print(io, shown, () => describe(shown));
  },
};
