import { CLIENT_HELP, CLIENT_OPTIONS, clientFromFlags, DEFAULT_SCOPE, OUTPUT_HELP, OUTPUT_OPTIONS } from '../client-options.js';
import { table } from '../output.js';
import { requiredFlag, stringFlag, type Command } from '../io.js';

/** `authorize-url`: builds the authorization URL (RFC 6749 §4.1.1) and prints it with its state and nonce. */
export const authorizeUrlCommand: Command = {
  name: 'authorize-url',
  summary: 'print the URL to send the browser to, with a fresh state and nonce',
  help: `Usage: gmo-aozora-auth authorize-url --redirect-uri URI [--scope SCOPES] [--state STATE] [options]

Builds the authorization URL (RFC 6749 §4.1.1) and prints it with its state and, for the
openid scope, its nonce. Keep both: pass them to "exchange" (--state, --nonce) after the login.
The client secret is not needed for this command.

  --redirect-uri URI        the registered redirect URI (required)
  --scope SCOPES            space-separated (default "${DEFAULT_SCOPE}")
  --state STATE             your own state (default: 256 random bits)

${CLIENT_HELP}

${OUTPUT_HELP}`,
  options: { ...CLIENT_OPTIONS, ...OUTPUT_OPTIONS, 'redirect-uri': { type: 'string' }, scope: { type: 'string' }, state: { type: 'string' } },

  async run(values, io) {
    const redirectUri = requiredFlag(values, 'redirect-uri', 'the redirect URI registered with the bank');
    const auth = clientFromFlags(values, io, { secretRequired: false });
    const state = stringFlag(values, 'state');
    const request = await auth.authorizationUrl({ redirectUri, scope: stringFlag(values, 'scope') ?? DEFAULT_SCOPE, ...(state ? { state } : {}) });
    if (values.json) {
      io.out(JSON.stringify(request));
    } else {
      io.out(table([['url', request.url], ['state', request.state], ...(request.nonce ? [['nonce', request.nonce] as const] : [])], ''));
      io.err(
        `\nAfter the login, run: gmo-aozora-auth exchange --callback-url '<the URL the browser landed on>' --redirect-uri ${redirectUri} --state=${request.state}${request.nonce ? ` --nonce=${request.nonce}` : ''}`,
      );
    }
    return 0;
  },
};
