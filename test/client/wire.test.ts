import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenClient, type ClientAuthMethod } from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './fixtures.js';
import { fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

// Created before the fake stands in for the global fetch: fetch must be looked up per call, not
// captured here.
const clients = {
  client_secret_basic: createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
  client_secret_post: createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authMethod: 'client_secret_post' }),
};
const bank = fakeTokenEndpoint();
beforeAll(() => {
  vi.stubGlobal('fetch', bank.fetch);
});
afterEach(() => {
  bank.seen.length = 0;
});
afterAll(() => {
  vi.unstubAllGlobals();
});

const grants = {
  authorization_code: (method: ClientAuthMethod) => clients[method].exchangeCode({ code: 'SplxlOBeZQQYbYS6WxSbIA', redirectUri: REDIRECT_URI }),
  refresh_token: (method: ClientAuthMethod) => clients[method].refresh({ refreshToken: 'tGzv3JOkF0XG5Qx2TlKWIA' }),
};
const expectedFields = {
  authorization_code: { grant_type: 'authorization_code', code: 'SplxlOBeZQQYbYS6WxSbIA', redirect_uri: REDIRECT_URI },
  refresh_token: { grant_type: 'refresh_token', refresh_token: 'tGzv3JOkF0XG5Qx2TlKWIA' },
};

describe.each(['authorization_code', 'refresh_token'] as const)('%s grant', (grant) => {
  it('with client_secret_basic sends the Basic header and no credentials in the form body', async () => {
    await grants[grant]('client_secret_basic');
    const [request] = bank.seen;
    expect(bank.seen).toHaveLength(1);
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/token');
    expect(request!.contentType).toBe('application/x-www-form-urlencoded');
    // The token endpoint answers JSON (RFC 6749 §5.1); a gateway may pick its error page by Accept.
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.authorization).toBe('Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW');
    expect(Object.fromEntries(request!.form)).toEqual(expectedFields[grant]);
  });

  it('with client_secret_post sends client_id and client_secret in the body and no Authorization header', async () => {
    await grants[grant]('client_secret_post');
    const [request] = bank.seen;
    expect(request!.authorization).toBeNull();
    expect(request!.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request!.form)).toEqual({ ...expectedFields[grant], client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });
});

describe('token answers', () => {
  it('keeps wire names and hands expires_in over as a number even when sent as a digit string', async () => {
    bank.respondWith(() =>
      jsonResponse({ access_token: 'a', token_type: 'Bearer', expires_in: '2592000', refresh_token: 'r', scope: 'private:account offline_access' }),
    );
    const { tokens } = await clients.client_secret_basic.refresh({ refreshToken: 'r0' });
    expect(tokens).toEqual({ access_token: 'a', token_type: 'Bearer', expires_in: 2592000, refresh_token: 'r', scope: 'private:account offline_access' });
  });

  it('keeps fields the spec does not list instead of dropping them', async () => {
    bank.respondWith(() => jsonResponse({ access_token: 'a', token_type: 'Bearer', x_bank_extra: 42 }));
    const { tokens } = await clients.client_secret_basic.refresh({ refreshToken: 'r0' });
    expect(tokens).toMatchObject({ x_bank_extra: 42 });
    expect(tokens).not.toHaveProperty('expires_in');
  });

  it('does not let the server fake verified id_token claims: a member of that name is only wire data', async () => {
    bank.respondWith(() => jsonResponse({ access_token: 'a', token_type: 'Bearer', idTokenClaims: { sub: 'admin' } }));
    const result = await clients.client_secret_basic.refresh({ refreshToken: 'r0' });
    expect(result).not.toHaveProperty('idTokenClaims');
    expect(result.tokens).toMatchObject({ idTokenClaims: { sub: 'admin' } });
  });
});

describe('injected fetch', () => {
  it('is used instead of the global one', async () => {
    const proxy = fakeTokenEndpoint(jsonResponse({ access_token: 'from-injected', token_type: 'Bearer' }));
    const auth = createTokenClient({
      baseUrl: 'https://proxy.example.com/auth/v1',
      issuer: 'https://api.gmo-aozora.com',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      fetch: proxy.fetch,
    });
    const { tokens } = await auth.refresh({ refreshToken: 'r0' });
    expect(tokens.access_token).toBe('from-injected');
    expect(proxy.seen.map((r) => r.url)).toEqual(['https://proxy.example.com/auth/v1/token']);
    expect(bank.seen).toHaveLength(0);
  });
});
