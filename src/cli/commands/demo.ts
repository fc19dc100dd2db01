import { createTokenClient, OAuthError, StateMismatchError, type TokenClient } from '../../index.js';
import { approveAuthorization, MOCK_CLIENT } from '../../testing/index.js';
import { startMockBankServer } from '../../testing/node/index.js';
import { DEFAULT_SCOPE } from '../client-options.js';
import { booleanFlag, type Command, type Io } from '../io.js';
import { formatTokens, mask, maskCode, table } from '../output.js';

const REDIRECT_URI = 'http://127.0.0.1/callback';

/** Runs `attempt`, which must be refused with `invalid_grant`; returns the error's one-line summary. */
async function expectInvalidGrant(attempt: () => Promise<unknown>): Promise<string> {
  try {
    await attempt();
  } catch (error) {
    if (error instanceof OAuthError && error.error === 'invalid_grant')
      return `OAuthError ${error.error} (HTTP ${error.status}): ${error.errorDescription ?? ''}`;
    throw error;
  }
  throw new Error('the bank accepted a replay it must refuse');
}

/** The callback URL as an attacker would send it: same code, another session's state. */
function forgedCallback(callbackUrl: string): string {
  const forged = new URL(callbackUrl);
  forged.searchParams.set('state', 'state-of-another-session');
  return forged.href;
}

async function runFlow(auth: TokenClient, say: (text: string) => void, show: boolean): Promise<void> {
  const { url, state, nonce } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: DEFAULT_SCOPE });
  say(
    `\n2. Authorization URL — a fresh state for CSRF protection and a nonce for the id_token, saved through the nonce hooks\n${table(
      [
        ['url', url],
        ['state', state],
        ['nonce', nonce ?? '-'],
      ],
      '   ',
    )}`,
  );

  const callbackUrl = await approveAuthorization(url);
  say(`\n3. Consent — the user logs in and agrees; the bank redirects the browser back with a single-use code\n   ${maskCode(callbackUrl, show)}`);

  const { code } = auth.parseCallback(callbackUrl, { expectedState: state });
  let forged = 'accepted (unexpected)';
  try {
    auth.parseCallback(forgedCallback(callbackUrl), { expectedState: state });
  } catch (error) {
    if (!(error instanceof StateMismatchError)) throw error;
    forged = `refused with ${error.name}`;
  }
  say(`\n4. Callback checked — the state matches this session ✓ (a callback carrying another session's state is ${forged})`);

  const login = await auth.exchangeCode({ code, redirectUri: REDIRECT_URI });
  say(`\n5. Code exchanged for tokens — the id_token's HS256 signature, iss, aud, azp, exp, iat and nonce all checked ✓\n${formatTokens(login, show, '   ')}`);

  const firstRefreshToken = login.tokens.refresh_token!;
  const renewed = await auth.refresh({ refreshToken: firstRefreshToken, originalIdTokenClaims: login.idTokenClaims });
  say(
    `\n6. Refreshed — a new access token, and the refresh token rotated (${mask(firstRefreshToken)} → ${mask(renewed.tokens.refresh_token!)})\n${formatTokens(renewed, show, '   ')}`,
  );

  const oldRefresh = await expectInvalidGrant(() => auth.refresh({ refreshToken: firstRefreshToken }));
  const usedCode = await expectInvalidGrant(() => auth.exchangeCode({ code, redirectUri: REDIRECT_URI }));
  say(`\n7. Replays refused — what a thief holding old values gets\n   the old refresh token → ${oldRefresh}\n   the used code        → ${usedCode}`);
}

/** `demo`: the whole flow against an embedded mock bank, printed step by step; the target of `npm run demo`. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the whole flow against an embedded mock bank (no network, no credentials)',
  help: `Usage: gmo-aozora-auth demo [--show-tokens]

Starts the mock bank on 127.0.0.1 and runs the whole login through the public API:
authorization URL with state and nonce, consent, callback state check, code exchange with
id_token verification, a refresh with rotation, and refused replays. Prints each step and
exits 0. Needs no credentials and no network.

  --show-tokens             print tokens in full (default: first 4 characters and …)
  -h, --help                show this help`,
  options: { 'show-tokens': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },

  async run(values, io: Io) {
    const show = booleanFlag(values, 'show-tokens');
    const server = await startMockBankServer();
    try {
      io.out('gmo-aozora-auth demo — the OAuth 2.0 / OpenID Connect login of GMO Aozora Net Bank, against the embedded mock bank\n');
      const auth = createTokenClient({
        baseUrl: server.baseUrl,
        clientId: MOCK_CLIENT.clientId,
        clientSecret: MOCK_CLIENT.clientSecret,
        authMethod: MOCK_CLIENT.authMethod,
      });
      io.out(
        `1. Mock bank listening on loopback; client created with the public API\n${table(
          [
            ['base URL', server.baseUrl],
            ['client id', MOCK_CLIENT.clientId],
            ['auth method', MOCK_CLIENT.authMethod],
            ['issuer', auth.config.issuer],
          ],
          '   ',
        )}`,
      );
      await runFlow(auth, (text) => io.out(text), show);
      io.out(`\nDone: ${server.bank.requests.length} requests to the mock bank, nothing sent anywhere else.`);
      return 0;
    } finally {
      await server.close();
    }
  },
};
