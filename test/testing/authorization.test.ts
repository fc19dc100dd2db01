import { describe, expect, it } from 'vitest';
import { createMockBank, MOCK_CLIENT, MOCK_POST_CLIENT } from 'gmo-aozora-auth/testing';
import { authorizationQuery, authorize, REDIRECT_URI } from './helpers.js';

const redirectParams = (response: Response) => Object.fromEntries(new URL(response.headers.get('location')!).searchParams);

describe('GET /authorization', () => {
  it('consents and redirects to redirect_uri with a fresh code and the same state', async () => {
    const bank = createMockBank();
    const first = await authorize(bank, authorizationQuery());
    const second = await authorize(bank, authorizationQuery());
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1\/callback\?code=[\w-]{43}&state=state-1$/);
    expect(redirectParams(first).code).not.toBe(redirectParams(second).code);
  });

  it('keeps a query the redirect URI already has', async () => {
    const bank = createMockBank({ clients: [{ ...MOCK_CLIENT, redirectUris: ['https://bff.example.com/cb?tenant=7'] }] });
    const response = await authorize(bank, authorizationQuery(MOCK_CLIENT, { redirect_uri: 'https://bff.example.com/cb?tenant=7' }));
    expect(redirectParams(response)).toMatchObject({ tenant: '7', state: 'state-1' });
  });

  it('serves any base path in front of /authorization', async () => {
    const bank = createMockBank();
    const response = await authorize(bank, authorizationQuery(), 'http://127.0.0.1:9/some/proxy/prefix');
    expect(response.status).toBe(302);
  });

  it.each([
    ['no client_id', { client_id: undefined }, 'client_id is required'],
    ['an unknown client_id', { client_id: 'nobody' }, 'client_id is not registered with the bank'],
    ['no redirect_uri', { redirect_uri: undefined }, 'redirect_uri is required'],
    ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example/callback' }, 'redirect_uri is not registered for this client'],
    ['a redirect_uri over 256 characters', { redirect_uri: `http://127.0.0.1/${'a'.repeat(240)}` }, 'redirect_uri is longer than 256 characters'],
    ['localhost instead of the registered loopback IP', { redirect_uri: 'http://localhost/callback' }, 'redirect_uri is not registered for this client'],
    ['another path on the loopback host', { redirect_uri: 'http://127.0.0.1:8080/other' }, 'redirect_uri is not registered for this client'],
  ])('answers 400 without redirecting for %s', async (_, overrides, description) => {
    const bank = createMockBank();
    const response = await authorize(bank, authorizationQuery(MOCK_CLIENT, overrides));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: description });
  });

  it('answers 400 when client_id is sent twice, since neither can be trusted', async () => {
    const bank = createMockBank();
    const url = new URL('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/authorization');
    url.search = new URLSearchParams([...Object.entries(authorizationQuery() as Record<string, string>), ['client_id', MOCK_POST_CLIENT.clientId]]).toString();
    expect((await bank.handle(new Request(url))).status).toBe(400);
  });

  it('by default refuses a loopback redirect URI on another port than the registered one, as the bank documents exact matching', async () => {
    const bank = createMockBank();
    expect((await authorize(bank, authorizationQuery(MOCK_CLIENT, { redirect_uri: 'http://127.0.0.1:49152/callback' }))).status).toBe(400);
  });

  it('with loopbackRedirectAnyPort, accepts a registered loopback redirect URI on any port (RFC 8252 §7.3)', async () => {
    const bank = createMockBank({ loopbackRedirectAnyPort: true });
    const response = await authorize(bank, authorizationQuery(MOCK_CLIENT, { redirect_uri: 'http://127.0.0.1:49152/callback' }));
    expect(response.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:49152\/callback\?code=/);
  });

  it('requires the exact loopback URI when loopbackRedirectAnyPort is off', async () => {
    const bank = createMockBank({ loopbackRedirectAnyPort: false });
    expect((await authorize(bank, authorizationQuery(MOCK_CLIENT, { redirect_uri: 'http://127.0.0.1:49152/callback' }))).status).toBe(400);
    expect((await authorize(bank, authorizationQuery(MOCK_CLIENT, { redirect_uri: REDIRECT_URI }))).status).toBe(302);
  });

  it.each([
    ['no response_type', { response_type: undefined }, 'invalid_request'],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
    ['no scope', { scope: undefined }, 'invalid_request'],
    ['an empty scope', { scope: '' }, 'invalid_request'],
    ['a scope of spaces only', { scope: '   ' }, 'invalid_scope'],
    ['a scope over 256 characters', { scope: `openid ${'private:account '.repeat(17)}` }, 'invalid_request'],
    ['an unknown scope', { scope: 'openid private:everything' }, 'invalid_scope'],
    ['no state', { state: undefined }, 'invalid_request'],
    ['a state over 256 characters', { state: 's'.repeat(257) }, 'invalid_request'],
    ['a nonce over 256 characters', { nonce: 'n'.repeat(257) }, 'invalid_request'],
  ])('redirects with an error for %s', async (_, overrides, error) => {
    const bank = createMockBank();
    const response = await authorize(bank, authorizationQuery(MOCK_CLIENT, overrides));
    expect(response.status).toBe(302);
    const params = redirectParams(response);
    expect(params.error).toBe(error);
    expect(params.code).toBeUndefined();
    expect(params.state).toBe('state' in overrides ? overrides.state : 'state-1');
  });

  it('redirects with invalid_request when a parameter is repeated', async () => {
    const bank = createMockBank();
    const url = new URL('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/authorization');
    url.search = new URLSearchParams([...Object.entries(authorizationQuery() as Record<string, string>), ['scope', 'openid']]).toString();
    const params = redirectParams(await bank.handle(new Request(url)));
    expect(params).toMatchObject({ error: 'invalid_request', error_description: 'parameters sent more than once: scope' });
  });

  it('accepts a request without nonce (OpenID Connect Core 1.0 §3.1.2.1 makes it optional for the code flow)', async () => {
    const bank = createMockBank();
    expect(redirectParams(await authorize(bank, authorizationQuery(MOCK_CLIENT, { nonce: undefined }))).code).toBeDefined();
  });

  it('denies consent as often as a deny-consent fault says, then consents again', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'deny-consent', times: 2 });
    for (let i = 0; i < 2; i++) {
      expect(redirectParams(await authorize(bank, authorizationQuery()))).toEqual({
        error: 'access_denied',
        error_description: 'the user declined consent',
        state: 'state-1',
      });
    }
    expect(redirectParams(await authorize(bank, authorizationQuery())).code).toBeDefined();
    expect(bank.pendingFaults).toEqual([]);
  });

  it('only answers GET', async () => {
    const bank = createMockBank();
    const response = await bank.handle(new Request('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/authorization', { method: 'POST', body: '' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});
