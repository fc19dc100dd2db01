// The mock bank's BFF kit: the protected resource that checks x-access-token, tokens expired or
// revoked on demand, and a clock that fake timers move.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMockBank, MOCK_CLIENT, type MockBank } from 'gmo-aozora-auth/testing';
import { mockBankHandlers } from 'gmo-aozora-auth/testing/msw';
import { startMockBankServer } from 'gmo-aozora-auth/testing/node';
import { login, token } from './helpers.js';

const ACCOUNTS = 'https://stg-api.gmo-aozora.com/ganb/api/personal/v1/accounts';

async function accounts(bank: MockBank, accessToken?: string, init: RequestInit = {}) {
  const headers: Record<string, string> = accessToken === undefined ? {} : { 'x-access-token': accessToken };
  const response = await bank.handle(new Request(ACCOUNTS, { headers, ...init }));
  return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined };
}

describe('GET …/personal/v1/accounts', () => {
  it('answers an active access token with the sample account list, and logs the request as the accounts endpoint', async () => {
    const bank = createMockBank();
    const { access_token } = await login(bank);
    const httpResponse = await accounts(bank, access_token);
    expect(httpResponse.status).toBe(200);
    expect(httpResponse.body).toMatchObject({ accounts: [expect.objectContaining({ accountId: expect.any(String), currencyCode: 'JPY' })] });
    expect(bank.requests.at(-1)).toMatchObject({ endpoint: 'accounts', method: 'GET' });
  });

  it('refuses a missing, unknown or refresh token with 401 in the bank’s error shape', async () => {
    const bank = createMockBank();
    const { refresh_token } = await login(bank);
    for (const tokenValue of [undefined, 'never-issued', refresh_token]) {
      const httpResponse = await accounts(bank, tokenValue);
      expect(httpResponse.status).toBe(401);
      expect(httpResponse.body).toEqual({ errorCode: expect.stringMatching(/^MOCK_TOKEN_/), errorMessage: expect.any(String) });
    }
  });

  it('refuses an access token without the private:account scope with 403, and other methods with 405', async () => {
    const bank = createMockBank();
    const { access_token } = await login(bank, MOCK_CLIENT, { scope: 'openid offline_access' });
    expect((await accounts(bank, access_token)).status).toBe(403);
    expect((await accounts(bank, access_token, { method: 'POST' })).status).toBe(405);
  });

  it('expireToken: the access token is refused, its refresh token still works', async () => {
    const bank = createMockBank();
    const { access_token, refresh_token } = await login(bank);
    expect(bank.expireToken(access_token)).toBe(true);
    expect(bank.expireToken('never-issued')).toBe(false);
    expect(await accounts(bank, access_token)).toMatchObject({ status: 401, body: { errorCode: 'MOCK_TOKEN_EXPIRED' } });
    const renewed = await token(bank, { grant_type: 'refresh_token', refresh_token: refresh_token! });
    expect(renewed.status).toBe(200);
    expect((await accounts(bank, renewed.body.access_token as string)).status).toBe(200);
  });

  it('expireToken on a refresh token makes the refresh invalid_grant', async () => {
    const bank = createMockBank();
    const { refresh_token } = await login(bank);
    bank.expireToken(refresh_token!);
    expect((await token(bank, { grant_type: 'refresh_token', refresh_token: refresh_token! })).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('expireAccessTokens expires every session’s access token at once', async () => {
    const bank = createMockBank();
    const sessions = [await login(bank), await login(bank)];
    bank.expireAccessTokens();
    for (const { access_token, refresh_token } of sessions) {
      expect((await accounts(bank, access_token)).status).toBe(401);
      expect(bank.tokenInfo(refresh_token!)?.active).toBe(true);
    }
  });

  it('revokeGrant and a reused refresh token both kill the access tokens of the grant', async () => {
    const bank = createMockBank();
    const first = await login(bank);
    expect(bank.revokeGrant(first.access_token)).toBe(true);
    expect(await accounts(bank, first.access_token)).toMatchObject({ status: 401, body: { errorCode: 'MOCK_TOKEN_REVOKED' } });

    const second = await login(bank);
    const renewed = await token(bank, { grant_type: 'refresh_token', refresh_token: second.refresh_token! });
    // Reuse of the rotated refresh token: the bank treats it as theft (RFC 9700 §4.14.2).
    const reuse = await token(bank, { grant_type: 'refresh_token', refresh_token: second.refresh_token! });
    expect(reuse.body).toMatchObject({ error: 'invalid_grant' });
    expect((await accounts(bank, renewed.body.access_token as string)).status).toBe(401);
    expect((await token(bank, { grant_type: 'refresh_token', refresh_token: renewed.body.refresh_token as string })).body).toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('the clock', () => {
  afterEach(() => vi.useRealTimers());

  it('reads Date.now() on every call, so vi.setSystemTime moves a bank created before', async () => {
    const bank = createMockBank({ accessTokenTtlSec: 600 });
    const { access_token } = await login(bank);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 599_000);
    expect((await accounts(bank, access_token)).status).toBe(200);
    vi.setSystemTime(Date.now() + 1_000);
    expect((await accounts(bank, access_token)).status).toBe(401);
  });
});

describe('served by msw', () => {
  const bank = createMockBank();
  const msw = setupServer(...mockBankHandlers(bank, { accounts: true }));
  beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => msw.close());

  it('beside each of the spec’s servers', async () => {
    const { access_token } = await login(bank);
    for (const url of [ACCOUNTS, 'https://api.gmo-aozora.com/ganb/api/personal/v1/accounts', 'https://api.sunabar.gmo-aozora.com/personal/v1/accounts']) {
      const response = await fetch(url, { headers: { 'x-access-token': access_token } });
      expect(response.status).toBe(200);
    }
  });
});

describe('served on loopback', () => {
  it('at accountsUrl', async () => {
    const server = await startMockBankServer();
    try {
      expect(server.accountsUrl).toBe(`${server.origin}/ganb/api/personal/v1/accounts`);
      const { access_token } = await login(server.bank);
      const response = await fetch(server.accountsUrl, { headers: { 'x-access-token': access_token } });
      expect(response.status).toBe(200);
      expect((await fetch(server.accountsUrl)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
