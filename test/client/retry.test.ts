import { describe, expect, it } from 'vitest';
import { createTokenClient, type InvalidResponseError } from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET } from './fixtures.js';
import { httpResponse, fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

/** A client whose bank plays the given answers in order, the last one repeating, and counts the requests. */
function clientAnswering(...responses: Response[]) {
  const bank = fakeTokenEndpoint(...responses);
  const client = createTokenClient({
    baseUrl: 'https://bank.example/auth/v1',
    issuer: 'https://bank.example',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    maxResponseBytes: 1024,
    retry: { attempts: 3, baseDelayMs: 1 },
    fetch: bank.fetch,
  });
  return { client, requests: () => bank.seen.length };
}

const hugePage = (status: number) => httpResponse(status, '<html>'.padEnd(5000, 'x'), { 'Content-Type': 'text/html' });

it('retries a 503 even when its page is over maxResponseBytes: the status decides, not the body', async () => {
  const { client, requests } = clientAnswering(hugePage(503), jsonResponse({ access_token: 'a', token_type: 'Bearer' }));
  await expect(client.refresh({ refreshToken: 'r' })).resolves.toMatchObject({ tokens: { access_token: 'a' } });
  expect(requests()).toBe(2);
});

it('does not retry an oversized 200: the same answer would come again', async () => {
  const { client, requests } = clientAnswering(hugePage(200), jsonResponse({ access_token: 'a', token_type: 'Bearer' }));
  await expect(client.refresh({ refreshToken: 'r' })).rejects.toMatchObject({ reason: 'body_too_large', status: 200 } satisfies Partial<InvalidResponseError>);
  expect(requests()).toBe(1);
});

describe('an RFC 6749 error body is never retried, whatever its status', () => {
  it.each([
    [429, 'invalid_grant'],
    [503, 'invalid_grant'],
    [503, 'server_error'],
  ])('a %i with %s is sent once: a code is single-use', async (status, error) => {
    const { client, requests } = clientAnswering(jsonResponse({ error }, status));
    await expect(client.exchangeCode({ code: 'c', redirectUri: 'https://bff.example.com/cb' })).rejects.toMatchObject({ code: 'OAUTH_ERROR', error, status });
    expect(requests()).toBe(1);
  });

  it('a 429 with the gateway’s own JSON (not an OAuth error) is retried', async () => {
    const limited = jsonResponse({ errorCode: 'WG_ERR_154', errorMessage: 'APIの利用上限を超過しています。' }, 429);
    const { client, requests } = clientAnswering(limited, jsonResponse({ access_token: 'a', token_type: 'Bearer' }));
    await expect(client.refresh({ refreshToken: 'r' })).resolves.toMatchObject({ tokens: { access_token: 'a' } });
    expect(requests()).toBe(2);
  });

  it('a 429 whose JSON has an error code the spec does not list is not retried either', async () => {
    const { client, requests } = clientAnswering(jsonResponse({ error: 'slow_down' }, 429));
    await expect(client.refresh({ refreshToken: 'r' })).rejects.toMatchObject({ code: 'INVALID_RESPONSE', reason: 'schema_mismatch' });
    expect(requests()).toBe(1);
  });
});

const options = { environment: 'staging' as const, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };

/** Answers every request with a 503. */
const busyBank = (headers: Record<string, string> = {}) => fakeTokenEndpoint(httpResponse(503, 'busy', headers));

describe('timers beyond setTimeout’s range (2^31 − 1 ms)', () => {
  it.each([
    ['timeoutMs', { timeoutMs: 3e9 }],
    ['retry.maxDelayMs', { retry: { maxDelayMs: 2 ** 31 } }],
    ['retry.baseDelayMs', { retry: { baseDelayMs: 2 ** 31 } }],
  ])('%s is refused when the client is created', (option, extra) => {
    expect(() => createTokenClient({ ...options, ...extra })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIGURATION', option }));
  });

  it('accepts 2^31 − 1 ms', () => {
    expect(() => createTokenClient({ ...options, timeoutMs: 2 ** 31 - 1, retry: { maxDelayMs: 2 ** 31 - 1 } })).not.toThrow();
  });

  it.each([
    ['35 days in seconds', String(35 * 24 * 3600)],
    ['an HTTP date 35 days ahead', new Date(Date.now() + 35 * 24 * 3600 * 1000).toUTCString()],
  ])('a Retry-After of %s is too long to retry, even with the largest maxDelayMs', async (_what, retryAfter) => {
    const bank = busyBank({ 'Retry-After': retryAfter });
    const client = createTokenClient({ ...options, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 ** 31 - 1 }, fetch: bank.fetch });
    await expect(client.refresh({ refreshToken: 'r' })).rejects.toMatchObject({ code: 'INVALID_RESPONSE', status: 503 });
    expect(bank.seen).toHaveLength(1);
  });
});

describe('onEvent is best effort', () => {
  const throwing = () => {
    throw new TypeError('the logger broke');
  };

  it('a listener that throws does not lose the tokens of a successful exchange', async () => {
    const client = createTokenClient({
      ...options,
      onEvent: throwing,
      fetch: fakeTokenEndpoint(jsonResponse({ access_token: 'a', token_type: 'Bearer' })).fetch,
    });
    await expect(client.exchangeCode({ code: 'c', redirectUri: 'https://bff.example.com/cb' })).resolves.toMatchObject({ tokens: { access_token: 'a' } });
  });

  it('nor changes a failure, nor stops the retries', async () => {
    const bank = busyBank();
    const client = createTokenClient({ ...options, retry: { attempts: 3, baseDelayMs: 1 }, onEvent: throwing, fetch: bank.fetch });
    await expect(client.refresh({ refreshToken: 'r' })).rejects.toMatchObject({ code: 'INVALID_RESPONSE', status: 503 });
    expect(bank.seen).toHaveLength(3);
  });
});
