import { CLIENT_HELP, CLIENT_OPTIONS, clientFromFlags, DEFAULT_SCOPE, integerFlag, OUTPUT_HELP, OUTPUT_OPTIONS } from '../client-options.js';
import { statesMatch } from '../../index.js';
import { listenForCallback } from '../callback-listener.js';
import { booleanFlag, stringFlag, type Command } from '../io.js';
import { printTokens } from '../output.js';

/** `login`: the whole browser login with a loopback callback listener (RFC 8252 §7.3). */
export const loginCommand: Command = {
  name: 'login',
  summary: 'log in through the browser and print the tokens (local callback listener)',
  help: `Usage: gmo-aozora-auth login [--scope SCOPES] [--port PORT] [--timeout-sec SEC] [options]

Starts a listener on http://127.0.0.1:PORT/callback, prints the authorization URL (on stderr),
waits for the browser to come back from the bank with this login's state (a redirect with
another state gets a 400 response and is ignored, so no local process can end the login), exchanges the code,
verifies the id_token and nonce, and prints the tokens. The redirect URI
http://127.0.0.1:PORT/callback must be registered with the bank (gmo-aozora-auth mock-bank accepts any port).

  --scope SCOPES            space-separated (default "${DEFAULT_SCOPE}")
  --port PORT               port of the callback listener (default: a free one)
  --timeout-sec SEC         how long to wait for the browser (default 300)

${CLIENT_HELP}

${OUTPUT_HELP}`,
  options: { ...CLIENT_OPTIONS, ...OUTPUT_OPTIONS, scope: { type: 'string' }, port: { type: 'string' }, 'timeout-sec': { type: 'string' } },

  async run(values, io) {
    // Check the whole command line before opening a port.
    const auth = clientFromFlags(values, io);
    const port = integerFlag(values, 'port', 0) ?? 0;
    const timeoutSec = integerFlag(values, 'timeout-sec') ?? 300;
    const listener = await listenForCallback({ port });
    try {
      const { url, state } = await auth.authorizationUrl({ redirectUri: listener.redirectUri, scope: stringFlag(values, 'scope') ?? DEFAULT_SCOPE });
      io.err(`Open this URL in your browser to log in at the bank:\n\n  ${url}\n\nWaiting for the redirect to ${listener.redirectUri} (Ctrl-C to stop)…`);
      // Only a redirect carrying this login's state ends the wait; parseCallback checks it again.
      const ours = (callbackUrl: URL) => statesMatch(state, callbackUrl.searchParams.get('state'));
      const callbackUrl = await listener.waitForCallback(timeoutSec * 1000, io.signal, ours);
      const { code } = auth.parseCallback(callbackUrl, { expectedState: state });
      io.err('Redirect received and its state checked; exchanging the code…');
      const result = await auth.exchangeCode({ code, redirectUri: listener.redirectUri, signal: io.signal });
      printTokens(io, result, { json: booleanFlag(values, 'json'), showTokens: booleanFlag(values, 'show-tokens') });
      return 0;
    } finally {
      await listener.close();
    }
  },
};
