// A rotating mock bank on loopback and a client signed in against it, for the token manager's tests.
import { createTokenClient, type TokenClient, type TokenClientOptions, type TokenResult } from 'gmo-aozora-auth';
import { approveAuthorization, MOCK_CLIENT } from 'gmo-aozora-auth/testing';
import { type MockBankServer, startMockBankServer } from 'gmo-aozora-auth/testing/node';

const DAY_MS = 86_400_000;
/** The mock bank's default access token lifetime (the bank's documented 30 days). */
export const ACCESS_TOKEN_TTL_MS = 30 * DAY_MS;

export async function startBank(): Promise<MockBankServer> {
  return startMockBankServer();
}

export function clientFor(server: MockBankServer, options: Partial<TokenClientOptions> = {}): TokenClient {
  return createTokenClient({ baseUrl: server.baseUrl, clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret, ...options });
}

/** A full login against the mock bank: authorization URL, consent, code exchange. */
export async function signIn(auth: TokenClient): Promise<TokenResult> {
  const { url, state } = await auth.authorizationUrl({ redirectUri: 'http://127.0.0.1/callback', scope: 'openid private:account offline_access' });
  const { code } = auth.parseCallback(await approveAuthorization(url), { expectedState: state });
  return auth.exchangeCode({ code, redirectUri: 'http://127.0.0.1/callback' });
}

/** Refresh requests the bank received so far. */
export function refreshRequests(server: MockBankServer): number {
  return server.bank.requests.filter((request) => request.endpoint === 'token' && request.form?.grant_type === 'refresh_token').length;
}

/** Whether the bank's protected resource accepts the access token. */
export async function resourceStatus(server: MockBankServer, accessToken: string): Promise<number> {
  const response = await fetch(server.accountsUrl, { headers: { 'x-access-token': accessToken } });
  await response.body?.cancel();
  return response.status;
}
