// What an error shows to the code that catches it and to the logger that records it: its cause
// for debugging, and a JSON view without that cause (a cause may carry request data).
import { describe, expect, it } from 'vitest';
import { AbortedError, ConsentError, createTokenClient, InvalidResponseError, NetworkError } from 'gmo-aozora-auth';
import { httpResponse, fakeTokenEndpoint, networkError } from '../support/token-endpoint.js';

const clientWith = (...replies: Parameters<typeof fakeTokenEndpoint>) =>
  createTokenClient({
    environment: 'staging',
    clientId: 'client-id-0001',
    clientSecret: 'client-secret-0001',
    retry: false,
    fetch: fakeTokenEndpoint(...replies).fetch,
  });

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );

describe('causes', () => {
  it('a network failure keeps the fetch error as cause; its JSON view leaves the cause out', async () => {
    const fetchError = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    const error = await failureOf(clientWith(networkError(fetchError)).refresh({ refreshToken: 'refresh-token-0001' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.cause).toBe(fetchError);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'NetworkError', code: 'NETWORK_ERROR', message: error.message, phase: 'request' });
  });

  it('a 200 body that is not UTF-8 keeps the decoder’s error as cause', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const error = await failureOf(clientWith(httpResponse(200, bytes, { 'Content-Type': 'application/json' })).refresh({ refreshToken: 'refresh-token-0001' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ reason: 'not_json' });
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(JSON.parse(JSON.stringify(error))).not.toHaveProperty('cause');
  });
});

describe('messages', () => {
  it('an aborted call says the caller’s signal ended it', async () => {
    const error = await failureOf(clientWith().refresh({ refreshToken: 'refresh-token-0001', signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.message).toBe('the request was aborted by the caller’s signal.');
  });

  it('a consent that got no redirect says so, with the status', () => {
    const error = new ConsentError(400, 'the client is not registered', { error: 'invalid_request' });
    expect(error.message).toBe('the authorization endpoint did not redirect (HTTP 400): the client is not registered');
    expect(error).toMatchObject({ status: 400, error: 'invalid_request', errorDescription: undefined });
  });
});
