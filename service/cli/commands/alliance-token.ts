import { parseOptions, print, UsageError } from '../../../core/command-line.js';
import { z } from 'zod';
import { TokenLabel, type ApiTokenListing } from '../../../core/registry/api-tokens.js';
import type { Command } from '../command.js';

const TokenOptions = z.object({ label: TokenLabel.min(1, 'is empty').optional() });

/** One token a line: its id, label, who made it when, and whether it still works. */
function tokenLine(token: ApiTokenListing): string {
  const state = token.revokedAt ? `revoked ${token.revokedAt}` : 'in use';
  return `${token.id}  ${token.label || '(no label)'}  made ${token.createdAt} by ${token.createdBy}  ${state}`;
}

export const allianceToken: Command = {
  usage: 'alliance token create [--label TEXT] · alliance token list · alliance token revoke ID',
  summary: "an API token for a membership system that cannot sign: writes this space's members and terms only",
  database: 'existing',
  options: { label: { type: 'string', takes: 'a label for the token of at most 100 characters' } },
  async run(context) {
    const { positionals, values, io } = context;
    const [action, id, ...extra] = positionals;
    const { label } = parseOptions(TokenOptions, values);
    const alliance = context.service().alliance;
    if (action === 'create' && id === undefined) {
      const made = await alliance.createToken(label);
      print(io, made, () => [`token ${made.id}: ${made.token}`, 'it is shown this once: store it in the membership system now']);
    } else if (action === 'list' && id === undefined && label === undefined) {
      const tokens = await alliance.listTokens();
      print(io, tokens, () => (tokens.length === 0 ? ['this space has made no API token: `alliance token create` makes one'] : tokens.map(tokenLine)));
    } else if (action === 'revoke' && id !== undefined && extra.length === 0 && label === undefined) {
      await alliance.revokeToken(id);
      print(io, { id, revoked: true }, () => `revoked token ${id}`);
    } else throw new UsageError('say "create" (with an optional --label), "list", or "revoke ID"');
  },
};
