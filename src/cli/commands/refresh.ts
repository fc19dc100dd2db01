import { CLIENT_HELP, CLIENT_OPTIONS, clientFromFlags, OUTPUT_HELP, OUTPUT_OPTIONS } from '../client-options.js';
import { UsageError } from '../failures.js';
import { booleanFlag, requiredFlag, type Command } from '../io.js';
import { printTokens } from '../output.js';

/** `refresh`: renews the access token with a refresh token (RFC 6749 §6), read from a flag or stdin. */
export const refreshCommand: Command = {
  name: 'refresh',
  summary: 'renew the access token with a refresh token',
  help: `Usage: gmo-aozora-auth refresh --refresh-token TOKEN|- [options]

Renews the access token (RFC 6749 §6). The bank rotates refresh tokens: keep the new one
from the response, the old one stops working.

  --refresh-token TOKEN     the refresh token; "-" reads it from stdin, which keeps it out of
                            the process list and shell history (required)

${CLIENT_HELP}

${OUTPUT_HELP}`,
  options: { ...CLIENT_OPTIONS, ...OUTPUT_OPTIONS, 'refresh-token': { type: 'string' } },

  async run(values, io) {
    let refreshToken = requiredFlag(values, 'refresh-token', 'pass the token, or - to read it from stdin');
    const auth = clientFromFlags(values, io);
    if (refreshToken !== '-') {
      io.err('warning: --refresh-token is visible to other users in the process list and stays in shell history; prefer --refresh-token - (stdin)');
    }
    if (refreshToken === '-') {
      refreshToken = (await io.readStdin()).trim();
      if (!refreshToken) throw new UsageError('--refresh-token - read nothing from stdin');
    }
    const result = await auth.refresh({ refreshToken, signal: io.signal });
    printTokens(io, result, { json: booleanFlag(values, 'json'), showTokens: booleanFlag(values, 'show-tokens') });
    return 0;
  },
};
