import { constantTimeEqual, IdTokenError, type NonceHooks } from '../../index.js';
import { CLIENT_HELP, CLIENT_OPTIONS, clientFromFlags, OUTPUT_HELP, OUTPUT_OPTIONS } from '../client-options.js';
import { UsageError } from '../failures.js';
import { booleanFlag, requiredFlag, stringFlag, type Command } from '../io.js';
import { printTokens } from '../output.js';

/**
 * Nonce hooks for a separate process: the nonce was saved by `authorize-url`, which has exited,
 * so the user hands it back with `--nonce` and it is compared in constant time.
 */
function givenNonce(expected: string | undefined): NonceHooks {
  return { save: () => undefined, check: (nonce) => expected !== undefined && constantTimeEqual(nonce, expected) };
}

/** `exchange`: trades a code, or a callback URL whose state it checks, for tokens (RFC 6749 §4.1.3). */
export const exchangeCommand: Command = {
  name: 'exchange',
  summary: 'exchange an authorization code for tokens',
  help: `Usage: gmo-aozora-auth exchange (--callback-url URL --state STATE | --code CODE) --redirect-uri URI [--nonce NONCE] [options]

Exchanges the code from the callback for tokens (RFC 6749 §4.1.3) and verifies the id_token.

  --callback-url URL        the URL the browser landed on; its state is checked against --state
  --state STATE             the state printed by authorize-url (with --callback-url)
  --code CODE               the code itself, when you checked the state yourself
  --redirect-uri URI        the same redirect URI the authorization URL carried (required)
  --nonce NONCE             the nonce printed by authorize-url (required when the scope had openid)

${CLIENT_HELP}

${OUTPUT_HELP}`,
  options: {
    ...CLIENT_OPTIONS,
    ...OUTPUT_OPTIONS,
    'callback-url': { type: 'string' },
    state: { type: 'string' },
    code: { type: 'string' },
    'redirect-uri': { type: 'string' },
    nonce: { type: 'string' },
  },

  async run(values, io) {
    const redirectUri = requiredFlag(values, 'redirect-uri', 'the same redirect URI the authorization URL carried');
    const callbackUrl = stringFlag(values, 'callback-url');
    const nonce = stringFlag(values, 'nonce');
    if (callbackUrl && stringFlag(values, 'code')) throw new UsageError('give --callback-url or --code, not both');
    if (!callbackUrl && !stringFlag(values, 'code')) throw new UsageError('--callback-url (with --state) or --code is required');
    const auth = clientFromFlags(values, io, { nonce: givenNonce(nonce) });
    const code = callbackUrl
      ? auth.parseCallback(callbackUrl, { expectedState: requiredFlag(values, 'state', 'the state printed by authorize-url') }).code
      : requiredFlag(values, 'code');
    try {
      const result = await auth.exchangeCode({ code, redirectUri, signal: io.signal });
      printTokens(io, result, { json: booleanFlag(values, 'json'), showTokens: booleanFlag(values, 'show-tokens') });
      return 0;
    } catch (error) {
      if (error instanceof IdTokenError && error.check === 'nonce' && nonce === undefined) {
        io.err('hint: the id_token carries a nonce; pass the one authorize-url printed with --nonce');
      }
      throw error;
    }
  },
};
