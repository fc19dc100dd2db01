import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTokenClient, OAuthError } from 'gmo-aozora-auth';
import { jsonResponse, type ServedTokenEndpoint, serveTokenEndpoint } from '../support/token-endpoint.js';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './fixtures.js';

// A real HTTP server on 127.0.0.1: the client's default fetch, sockets and headers as in production.
let bank: ServedTokenEndpoint;
beforeAll(async () => {
  bank = await serveTokenEndpoint(({ form }) => {
    const headers = { 'Cache-Control': 'no-store' };
    if (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') !== 'refresh-1') return jsonResponse({ error: 'invalid_grant' }, 400, headers);
    return jsonResponse(
      { access_token: `access-for-${form.get('grant_type')}`, token_type: 'Bearer', expires_in: '600', refresh_token: 'refresh-1' },
      200,
      headers,
    );
  });
});
afterAll(() => bank.close());

it('exchanges a code and refreshes against a real loopback server', async () => {
  const auth = createTokenClient({ baseUrl: bank.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const { tokens } = await auth.exchangeCode({ code: 'code-1', redirectUri: REDIRECT_URI });
  expect(tokens).toEqual({ access_token: 'access-for-authorization_code', token_type: 'Bearer', expires_in: 600, refresh_token: 'refresh-1' });
  const renewed = await auth.refresh({ refreshToken: tokens.refresh_token! });
  expect(renewed.tokens.access_token).toBe('access-for-refresh_token');
  await expect(auth.refresh({ refreshToken: 'stale' })).rejects.toBeInstanceOf(OAuthError);

  const { seen } = bank;
  expect(seen.map((s) => s.path)).toEqual(['/ganb/api/auth/v1/token', '/ganb/api/auth/v1/token', '/ganb/api/auth/v1/token']);
  expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(seen[0]!.headers.authorization).toBe('Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW');
  expect(Object.fromEntries(seen[0]!.form)).toEqual({ grant_type: 'authorization_code', code: 'code-1', redirect_uri: REDIRECT_URI });
  // invalid_grant is final: the bank's SDKs retry it three times, we send it once.
  expect(seen).toHaveLength(3);
});
