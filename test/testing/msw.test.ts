import { getResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenClient, TimeoutError } from 'gmo-aozora-auth';
import { approveAuthorization, createMockBank, MOCK_CLIENT } from 'gmo-aozora-auth/testing';
import { mockBankHandlers } from 'gmo-aozora-auth/testing/msw';
import { FULL_SCOPE, REDIRECT_URI } from './helpers.js';

const PROXY = 'https://proxy.example/bank/auth/v1/';
const bank = createMockBank();
// Records each request's signal, to see that an abort by the caller reaches the bank.
const signals: AbortSignal[] = [];
const recording = {
  handle: (request: Request) => {
    signals.push(request.signal);
    return bank.handle(request);
  },
};
const server = setupServer(...mockBankHandlers(recording, { baseUrls: [PROXY] }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => bank.reset());
afterAll(() => server.close());

const client = (options: { environment?: 'production' | 'staging' | 'sunabar'; baseUrl?: string; timeoutMs?: number }) =>
  createTokenClient({ clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret, ...options });

describe('mockBankHandlers', () => {
  it.each([{ environment: 'production' as const }, { environment: 'staging' as const }, { environment: 'sunabar' as const }, { baseUrl: PROXY }])(
    'serves the whole flow at %o through the global fetch',
    async (where) => {
      const auth = client(where);
      const { url, state } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: FULL_SCOPE });
      const { code } = auth.parseCallback(await approveAuthorization(url), { expectedState: state });
      const { tokens, idTokenClaims } = await auth.exchangeCode({ code, redirectUri: REDIRECT_URI });
      expect(idTokenClaims?.aud).toBe(MOCK_CLIENT.clientId);
      await expect(auth.refresh({ refreshToken: tokens.refresh_token! })).resolves.toHaveProperty('tokens.access_token');
      expect(bank.requests.map((r) => `${r.method} ${new URL(r.url).origin}${r.path}`)).toEqual([
        `GET ${auth.config.baseUrl}/authorization`,
        `POST ${auth.config.baseUrl}/token`,
        `POST ${auth.config.baseUrl}/token`,
      ]);
    },
  );

  it('matches only the two auth endpoints, not the resource APIs beside them', async () => {
    const handlers = mockBankHandlers(bank);
    expect(await getResponse(handlers, new Request('https://api.gmo-aozora.com/ganb/api/personal/v1/accounts'))).toBeUndefined();
    expect(await getResponse(handlers, new Request('https://api.gmo-aozora.com/ganb/api/auth/v1/userinfo'))).toBeUndefined();
    expect((await getResponse(handlers, new Request('https://api.gmo-aozora.com/ganb/api/auth/v1/token')))?.status).toBe(405);
  });

  it('passes the caller’s abort through to a delayed answer', async () => {
    bank.inject({ type: 'delay', ms: 3_600_000 });
    await expect(client({ environment: 'staging', timeoutMs: 50 }).refresh({ refreshToken: 'r' })).rejects.toBeInstanceOf(TimeoutError);
    await vi.waitFor(() => expect(signals.at(-1)?.aborted).toBe(true));
  });
});
