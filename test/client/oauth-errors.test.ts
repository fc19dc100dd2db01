import { afterEach, describe, expect, it } from 'vitest';
import { createTokenClient, GanbAuthError, OAuthError } from 'gmo-aozora-auth';
import { schemaEnums } from '../../src/generated/spec-values.js';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './fixtures.js';
import { fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

const bank = fakeTokenEndpoint();
afterEach(() => {
  bank.seen.length = 0;
});

const auth = createTokenClient({
  environment: 'staging',
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  fetch: bank.fetch,
  retry: { attempts: 3, baseDelayMs: 1 },
});

describe.each(schemaEnums.OAuthErrorCode)('the bank answers %s', (code) => {
  const status = code === 'invalid_client' ? 401 : code === 'server_error' ? 500 : 400;

  it.each([
    ['exchangeCode', () => auth.exchangeCode({ code: 'c', redirectUri: REDIRECT_URI })],
    ['refresh', () => auth.refresh({ refreshToken: 'r' })],
  ] as const)('%s rejects with a typed OAuthError and sends the request once', async (_call, call) => {
    bank.respondWith(() =>
      jsonResponse(
        { error: code, error_description: `because ${code}`, error_uri: 'https://bank.example/errors' },
        status,
        status === 401 ? { 'WWW-Authenticate': 'Basic realm="ganb"' } : {},
      ),
    );
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toBeInstanceOf(GanbAuthError);
    expect(error).toMatchObject({ code: 'OAUTH_ERROR', error: code, errorDescription: `because ${code}`, errorUri: 'https://bank.example/errors', status });
    if (status === 401) expect((error as OAuthError).wwwAuthenticate).toBe('Basic realm="ganb"');
    expect((error as Error).message).toContain(code);
    expect(bank.seen).toHaveLength(1);
  });
});

it('an error code outside the spec is reported as an invalid response, not guessed', async () => {
  bank.respondWith(() => jsonResponse({ error: 'slow_down' }, 400));
  await expect(auth.refresh({ refreshToken: 'r' })).rejects.toMatchObject({ code: 'INVALID_RESPONSE', reason: 'schema_mismatch', status: 400 });
});
