import { createMockBank } from '../../testing/index.js';
import { startMockBankServer } from '../../testing/node/index.js';
import { integerFlag } from '../client-options.js';
import { booleanFlag, stringFlag, type Command } from '../io.js';
import { table } from '../output.js';

/** `mock-bank`: serves the mock bank on loopback until interrupted. */
export const mockBankCommand: Command = {
  name: 'mock-bank',
  summary: 'serve the mock bank on a loopback port until Ctrl-C',
  help: `Usage: gmo-aozora-auth mock-bank [--port PORT] [--host HOST] [--expires-in-as-string] [--json]

Serves the mock bank (the same one as gmo-aozora-auth/testing) over HTTP, for trying the
client, a BFF or this CLI without the bank. It consents on the user's behalf and accepts
http://127.0.0.1/callback on any port. Prints the base URL and the demo clients' credentials
(public test values that work only here), then runs until Ctrl-C or SIGTERM.

  --port PORT               port to listen on (default: a free one)
  --host HOST               address to listen on (default 127.0.0.1)
  --expires-in-as-string    send expires_in as a digit string, as the bank's Java docs show
  --json                    print the base URL and clients as one JSON object
  -h, --help                show this help`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'expires-in-as-string': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },

  async run(values, io) {
    // `login` listens on a free port: let the registered loopback URIs match any port (RFC 8252 §7.3).
    const bank = createMockBank({ expiresInAsString: booleanFlag(values, 'expires-in-as-string'), loopbackRedirectAnyPort: true });
    const server = await startMockBankServer({ bank, port: integerFlag(values, 'port', 0) ?? 0, host: stringFlag(values, 'host') ?? '127.0.0.1' });
    const clients = bank.clients.map(({ clientId, clientSecret, authMethod, redirectUris }) => ({ clientId, clientSecret, authMethod, redirectUris }));
    if (booleanFlag(values, 'json')) {
      io.out(JSON.stringify({ baseUrl: server.baseUrl, issuer: server.origin, clients }));
    } else {
      io.out(
        `Mock bank listening at ${server.baseUrl} (Ctrl-C to stop)\n${table([['issuer', server.origin]])}\nDemo clients (public test credentials; they work only here):`,
      );
      for (const client of clients) {
        io.out(
          table([
            ['client id', client.clientId],
            ['client secret', client.clientSecret],
            ['auth method', client.authMethod],
            ['redirect URIs', client.redirectUris.join(' ')],
          ]),
        );
      }
      const basic = clients.find((c) => c.authMethod === 'client_secret_basic') ?? clients[0]!;
      io.out(`Try it:\n  GANB_BASE_URL=${server.baseUrl} GANB_CLIENT_ID=${basic.clientId} GANB_CLIENT_SECRET=${basic.clientSecret} gmo-aozora-auth login`);
    }
    await new Promise<void>((resolve) => (io.signal.aborted ? resolve() : io.signal.addEventListener('abort', () => resolve(), { once: true })));
    await server.close();
    io.err('Mock bank stopped.');
    return 0;
  },
};
