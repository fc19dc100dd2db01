// The application's nonce check hook runs within limits the client owns: whatever it rejects
// with becomes an IdTokenError, and once it has answered nothing of the call is left running.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenClient, IdTokenError, type NonceHooks } from 'gmo-aozora-auth';
import { fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, signIdToken } from './fixtures.js';

afterEach(() => vi.useRealTimers());

async function exchangeWith(hooks: NonceHooks) {
  const bank = fakeTokenEndpoint(
    jsonResponse({ access_token: 'access-token-0002', token_type: 'Bearer', id_token: await signIdToken({ nonce: 'nonce-0001' }) }),
  );
  const auth = createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, nonce: hooks, fetch: bank.fetch });
  return auth.exchangeCode({ code: 'code-0001', redirectUri: REDIRECT_URI });
}

describe('the nonce check hook', () => {
  it('rejecting with undefined still refuses the id_token as a failed hook', async () => {
    const error = await exchangeWith({ save: () => undefined, check: () => Promise.reject(undefined) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdTokenError);
    expect(error).toMatchObject({ check: 'nonce', message: expect.stringContaining('the nonce check hook failed') });
  });

  it('leaves no timer behind once it has answered, so a short-lived process can exit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await expect(exchangeWith({ save: () => undefined, check: async () => true })).resolves.toBeDefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
