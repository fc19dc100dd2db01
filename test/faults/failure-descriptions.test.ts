// What a failure says about itself. An operator reading a log line has only the message: it must
// name the kind of failure and the code that explains it, and nothing from the request.
import { describe, expect, it } from 'vitest';
import { createTokenClient, InvalidResponseError, NetworkError } from 'gmo-aozora-auth';
import { httpResponse, fakeTokenEndpoint, networkError } from '../support/token-endpoint.js';

const REDIRECT_URI = 'https://bff.example.com/callback';

function clientWithFetch(fetch: typeof globalThis.fetch) {
  return createTokenClient({ environment: 'staging', clientId: 'client-id-0001', clientSecret: 'client-secret-0001', retry: false, fetch });
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('a network failure names the underlying error by type and code', () => {
  it.each([
    ['an object without a name, with a code', { code: 'ECONNRESET' }, 'the connection to the token endpoint failed before any response: Error ECONNRESET.'],
    ['a TypeError whose cause has the code', new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), ': TypeError ECONNRESET.'],
    ['a named error without any code', Object.assign(new Error('socket hang up'), { name: 'SocketError' }), ': SocketError.'],
    ['something that is not an object', 'socket hang up', ': unknown failure.'],
  ])('%s', async (_, thrown, described) => {
    const error = await failureOf(clientWithFetch(fakeTokenEndpoint(networkError(thrown)).fetch).refresh({ refreshToken: 'refresh-token-0001' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(described);
    // The underlying message may echo request data; it is never repeated.
    expect(error.message).not.toContain('socket hang up');
  });
});

describe('a 200 answer the spec does not allow says which field is wrong', () => {
  it('an empty refresh_token', async () => {
    const body = JSON.stringify({ access_token: 'access-token-0002', token_type: 'Bearer', refresh_token: '' });
    const error = await failureOf(
      clientWithFetch(fakeTokenEndpoint(httpResponse(200, body, { 'Content-Type': 'application/json' })).fetch).exchangeCode({
        code: 'code-0001',
        redirectUri: REDIRECT_URI,
      }),
    );
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ reason: 'schema_mismatch' });
    expect(error.message).toContain('refresh_token must not be empty');
  });
});
