import { describe, expect, it, vi } from 'vitest';
import { createTokenClient, InvalidResponseError, OAuthError, TimeoutError } from 'gmo-aozora-auth';
import { createMockBank, MOCK_CLIENT, type MockBank } from 'gmo-aozora-auth/testing';
import { issueCode, login, REDIRECT_URI, STAGING, token } from './helpers.js';

/** The public client wired straight to the bank's handler, with quick retries. */
function clientFor(bank: MockBank, options: { timeoutMs?: number } = {}) {
  return createTokenClient({
    environment: 'staging',
    clientId: MOCK_CLIENT.clientId,
    clientSecret: MOCK_CLIENT.clientSecret,
    retry: { attempts: 3, baseDelayMs: 1 },
    fetch: (input, init) => bank.handle(new Request(input, init)),
    ...options,
  });
}

const tokenRequests = (bank: MockBank) => bank.requests.filter((r) => r.endpoint === 'token').length;

describe('gateway-error fault', () => {
  it('answers the next request with a 502 HTML page, then recovers', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'gateway-error' });
    const code = await issueCode(bank);
    const faulted = await token(bank, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    expect(faulted.status).toBe(502);
    expect(faulted.headers.get('content-type')).toBe('text/html;charset=UTF-8');
    expect(faulted.body.text).toBe('<html><body><h1>502 Bad Gateway</h1></body></html>');
    // The gateway answered, not the bank: the code is still good.
    expect((await token(bank, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })).status).toBe(200);
  });

  it('affects exactly `times` requests, with the given status and Retry-After', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'gateway-error', status: 504, retryAfter: '7', times: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await token(bank, { grant_type: 'refresh_token', refresh_token: 'x' });
      expect(response.status).toBe(504);
      expect(response.headers.get('retry-after')).toBe('7');
    }
    expect((await token(bank, { grant_type: 'refresh_token', refresh_token: 'x' })).status).toBe(400);
  });

  it('makes the client retry a 503 and succeed, and give up on a 502 for a code exchange', async () => {
    const bank = createMockBank();
    const { refresh_token } = await login(bank);
    bank.inject({ type: 'gateway-error', status: 503 });
    const before = tokenRequests(bank);
    await expect(clientFor(bank).refresh({ refreshToken: refresh_token! })).resolves.toHaveProperty('tokens.access_token');
    expect(tokenRequests(bank) - before).toBe(2);

    bank.inject({ type: 'gateway-error', status: 502 });
    const code = await issueCode(bank);
    await expect(clientFor(bank).exchangeCode({ code, redirectUri: REDIRECT_URI })).rejects.toMatchObject({ status: 502, reason: 'unexpected_status' });
    expect(bank.pendingFaults).toEqual([]);
  });

  it('refuses a status outside 5xx and a non-positive times', () => {
    const bank = createMockBank();
    expect(() => bank.inject({ type: 'gateway-error', status: 404 })).toThrow(RangeError);
    expect(() => bank.inject({ type: 'rate-limit', times: 0 })).toThrow(RangeError);
    expect(() => bank.inject({ type: 'delay', ms: -1 })).toThrow(RangeError);
  });
});

describe('rate-limit fault', () => {
  it('answers 429 with Retry-After (default 1)', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'rate-limit' });
    const response = await token(bank, { grant_type: 'refresh_token', refresh_token: 'x' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('is retried by the client after Retry-After', async () => {
    const bank = createMockBank();
    const { refresh_token } = await login(bank);
    bank.inject({ type: 'rate-limit', retryAfter: '0', times: 2 });
    const before = tokenRequests(bank);
    await expect(clientFor(bank).refresh({ refreshToken: refresh_token! })).resolves.toHaveProperty('tokens.access_token');
    expect(tokenRequests(bank) - before).toBe(3);
  });

  it('ends the client’s retries when they run out', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'rate-limit', retryAfter: '0', times: 3 });
    const failure = await clientFor(bank)
      .refresh({ refreshToken: 'whatever' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidResponseError);
    expect((failure as InvalidResponseError).status).toBe(429);
  });
});

describe('delay fault', () => {
  it('answers normally after the delay', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'delay', ms: 1 });
    expect((await token(bank, { grant_type: 'authorization_code', code: await issueCode(bank), redirect_uri: REDIRECT_URI })).status).toBe(200);
  });

  it('ends the wait when the request’s signal aborts', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'delay', ms: 3_600_000 });
    const controller = new AbortController();
    const pending = bank.handle(new Request(`${STAGING}/token`, { method: 'POST', body: '', signal: controller.signal }));
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
  });

  it('lets the client’s timeout fire (TimeoutError), and a code exchange is not retried', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'delay', ms: 3_600_000 });
    const code = await issueCode(bank);
    await expect(clientFor(bank, { timeoutMs: 50 }).exchangeCode({ code, redirectUri: REDIRECT_URI })).rejects.toBeInstanceOf(TimeoutError);
    expect(tokenRequests(bank)).toBe(1);
  });

  it('is ended by reset()', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'delay', ms: 3_600_000 });
    const pending = bank.handle(new Request(`${STAGING}/token`, { method: 'POST', body: '' }));
    // The fault is taken just before the wait starts.
    await vi.waitFor(() => expect(bank.pendingFaults).toEqual([]));
    bank.reset();
    await expect(pending).rejects.toThrow('the mock bank was reset');
  });
});

describe('invalid-grant-on-refresh fault', () => {
  it('refuses the next refresh with invalid_grant, revokes that token, and the client does not retry', async () => {
    const bank = createMockBank();
    const { refresh_token } = await login(bank);
    bank.inject({ type: 'invalid-grant-on-refresh' });
    const before = tokenRequests(bank);
    const failure = await clientFor(bank)
      .refresh({ refreshToken: refresh_token! })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OAuthError);
    expect(failure).toMatchObject({ error: 'invalid_grant', status: 400 });
    expect(tokenRequests(bank) - before).toBe(1);
    expect(bank.tokenInfo(refresh_token!)?.active).toBe(false);
  });

  it('waits for a refresh: code exchanges and failed client authentication do not use it up', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'invalid-grant-on-refresh' });
    const { refresh_token } = await login(bank);
    expect((await token(bank, { grant_type: 'refresh_token', refresh_token: refresh_token! }, 'none')).status).toBe(401);
    expect(bank.pendingFaults).toEqual([{ type: 'invalid-grant-on-refresh', times: 1 }]);
    expect((await token(bank, { grant_type: 'refresh_token', refresh_token: refresh_token! })).body.error).toBe('invalid_grant');
  });
});

describe('request log and reset', () => {
  it('records method, path, headers, query and form of every request', async () => {
    const bank = createMockBank();
    await login(bank);
    const [authorization, exchange] = bank.requests;
    expect(authorization).toMatchObject({
      method: 'GET',
      endpoint: 'authorization',
      query: { response_type: 'code', client_id: MOCK_CLIENT.clientId },
      form: undefined,
      body: '',
    });
    expect(exchange).toMatchObject({
      method: 'POST',
      path: '/ganb/api/auth/v1/token',
      endpoint: 'token',
      form: { grant_type: 'authorization_code', redirect_uri: REDIRECT_URI },
    });
    expect(exchange!.headers.authorization).toMatch(/^Basic /);
    expect(exchange!.form).not.toHaveProperty('client_secret');
  });

  it('forgets codes, tokens, faults and the log, but keeps registered clients', async () => {
    const bank = createMockBank();
    bank.registerClient({ ...MOCK_CLIENT, clientId: 'extra' });
    const code = await issueCode(bank);
    const { access_token } = await login(bank);
    bank.inject({ type: 'rate-limit' });
    bank.reset();
    expect(bank.requests).toEqual([]);
    expect(bank.pendingFaults).toEqual([]);
    expect(bank.tokenInfo(access_token)).toBeUndefined();
    expect((await token(bank, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })).body.error).toBe('invalid_grant');
    expect(bank.clients.map((c) => c.clientId)).toContain('extra');
  });
});
