import { describe, expect, it } from 'vitest';
import { AuthorizationError, createTokenClient, InvalidResponseError, NetworkError, OAuthError, StateMismatchError, TimeoutError } from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './fixtures.js';
import { fakeTokenEndpoint, jsonResponse, networkError, systemError } from '../support/token-endpoint.js';

/**
 * An error message is read by the person on call: it says what happened and what to do about
 * it. These pin the part of each message that carries the remedy, and the structured view
 * loggers get, without pinning every word.
 */

const bank = fakeTokenEndpoint();

const auth = createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: bank.fetch, retry: false });

async function refreshFailure(): Promise<Error> {
  return (await auth.refresh({ refreshToken: 'refresh-1' }).catch((e: unknown) => e)) as Error;
}

function callbackFailure(query: string): unknown {
  try {
    auth.parseCallback(`${REDIRECT_URI}?${query}&state=s1`, { expectedState: 's1' });
  } catch (error) {
    return error;
  }
  throw new Error('parseCallback accepted the callback');
}

describe('OAuthError from the token endpoint', () => {
  it.each([
    ['invalid_client', 401, /check clientId, clientSecret and the registered authMethod/],
    ['invalid_grant', 400, /invalid, expired, already used .*start a new login/],
    ['invalid_request', 400, /malformed or missed a parameter/],
    ['unauthorized_client', 400, /not allowed to use this grant/],
    ['unsupported_grant_type', 400, /does not support this grant type/],
    ['invalid_scope', 400, /scope is unknown or not allowed/],
  ] as const)('%s says what to do', async (error, status, advice) => {
    bank.respondWith(() => jsonResponse({ error, error_description: 'the reason' }, status));
    const failure = await refreshFailure();
    expect(failure).toBeInstanceOf(OAuthError);
    expect(failure.message).toMatch(new RegExp(`^the bank responded with HTTP ${status} ${error}: the reason\\. `));
    expect(failure.message).toMatch(advice);
  });

  it('without an error_description the message goes straight to the advice', async () => {
    bank.respondWith(() => jsonResponse({ error: 'invalid_grant' }, 400));
    expect((await refreshFailure()).message).toMatch(/^the bank responded with HTTP 400 invalid_grant\. The code or refresh token/);
  });

  it('a structured view for loggers carries the fields, never the cause', async () => {
    bank.respondWith(() => jsonResponse({ error: 'invalid_grant', error_description: 'used' }, 400));
    const view = JSON.parse(JSON.stringify(await refreshFailure()));
    expect(view).toMatchObject({ name: 'OAuthError', code: 'OAUTH_ERROR', error: 'invalid_grant', errorDescription: 'used', status: 400 });
    expect(view.message).toMatch(/^the bank responded with HTTP 400 invalid_grant/);
    expect(view).not.toHaveProperty('cause');
  });
});

describe('AuthorizationError from the authorization callback', () => {
  it.each([
    ['access_denied', /declined the authorization; offer to start the login again/],
    ['unsupported_response_type', /does not allow response_type=code/],
    ['temporarily_unavailable', /cannot handle the authorization now; try again later/],
    ['server_error', /failed while handling the request; try again later/],
    ['invalid_scope', /scope is unknown or not allowed/],
  ] as const)('%s says the bank redirected back with it, and what to do', (error, advice) => {
    const failure = callbackFailure(`error=${error}&error_description=why`) as AuthorizationError;
    expect(failure).toBeInstanceOf(AuthorizationError);
    expect(failure.message).toMatch(new RegExp(`^the bank redirected back with ${error}: why\\. `));
    expect(failure.message).toMatch(advice);
  });

  it('a state mismatch tells the application to refuse the callback', () => {
    const failure = (() => {
      try {
        auth.parseCallback('?code=c&state=other', { expectedState: 's1' });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(failure).toBeInstanceOf(StateMismatchError);
    expect(failure?.message).toMatch(/does not match the state saved for this session\. Refuse the callback and start a new login\.$/);
  });
});

describe('other failures', () => {
  it('an invalid answer names its status and what was wrong', async () => {
    bank.respondWith(() => new Response('<html>bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    const failure = await refreshFailure();
    expect(failure).toBeInstanceOf(InvalidResponseError);
    expect(failure.message).toBe('unexpected response from the token endpoint (HTTP 502): a server or gateway failure (body is not JSON)');
  });

  it('an unlisted status and a 4xx without an OAuth body are told apart from a gateway failure', async () => {
    bank.respondWith(() => jsonResponse({ message: 'teapot' }, 418));
    expect((await refreshFailure()).message).toMatch(/\(HTTP 418\): an error without an RFC 6749 error body$/);
    bank.respondWith(() => jsonResponse({ message: 'created?' }, 201));
    expect((await refreshFailure()).message).toMatch(/\(HTTP 201\): a status the spec does not list$/);
  });

  it('a redirect is reported as one, not followed', async () => {
    bank.respondWith(() => new Response(null, { status: 302, headers: { Location: 'https://elsewhere.example/token' } }));
    const failure = await refreshFailure();
    expect(failure).toMatchObject({ reason: 'unexpected_redirect', status: 302 });
    expect(failure.message).toMatch(/responded with a redirect, which was not followed .*check baseUrl/);
  });

  it('a timeout names the limit and what to check', async () => {
    const slow = createTokenClient({
      environment: 'staging',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      retry: false,
      timeoutMs: 20,
      fetch: fakeTokenEndpoint({ kind: 'hang' }).fetch,
    });
    const failure = await slow.refresh({ refreshToken: 'refresh-1' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TimeoutError);
    expect((failure as Error).message).toMatch(/did not respond within 20 ms; the request was aborted\. Raise timeoutMs/);
  });

  it('a network failure names the cause by type and code only', async () => {
    const refused = createTokenClient({
      environment: 'staging',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      retry: false,
      fetch: fakeTokenEndpoint(networkError(new TypeError('fetch failed: secret-bearing detail', { cause: systemError('ECONNREFUSED', 'connect') }))).fetch,
    });
    const failure = (await refused.refresh({ refreshToken: 'refresh-1' }).catch((e: unknown) => e)) as NetworkError;
    expect(failure).toBeInstanceOf(NetworkError);
    expect(failure.message).toBe('could not connect to the token endpoint: TypeError ECONNREFUSED. Check the base URL and the network path to the bank.');
  });
});
