import { describe, expect, it } from 'vitest';
import { AuthorizationError, createTokenClient, GanbAuthError } from 'gmo-aozora-auth';
import { approveAuthorization, ConsentError, createMockBank, denyAuthorization, MOCK_CLIENT } from 'gmo-aozora-auth/testing';
import { REDIRECT_URI } from './helpers.js';

const auth = createTokenClient({ environment: 'staging', clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret });

describe('approveAuthorization', () => {
  it('returns the callback URL with code and state, calling the bank directly', async () => {
    const bank = createMockBank();
    const { url, state } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'openid offline_access' });
    const callback = await approveAuthorization(url, { bank });
    expect(callback.startsWith(`${REDIRECT_URI}?code=`)).toBe(true);
    expect(auth.parseCallback(callback, { expectedState: state }).code).toMatch(/^[\w-]{43}$/);
  });

  it('uses the given fetch when no bank is given', async () => {
    const bank = createMockBank();
    const { url } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'private:account' });
    const seen: RequestInit[] = [];
    const callback = await approveAuthorization(url, {
      fetch: (input, init) => {
        seen.push(init ?? {});
        return bank.handle(new Request(input, init));
      },
    });
    expect(new URL(callback).searchParams.has('code')).toBe(true);
    expect(seen).toEqual([{ redirect: 'manual' }]);
  });

  it('returns an error callback when the bank refuses on the redirect (deny-consent fault, unknown scope)', async () => {
    const bank = createMockBank();
    bank.inject({ type: 'deny-consent' });
    const { url, state } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'private:account' });
    const denied = await approveAuthorization(url, { bank });
    expect(() => auth.parseCallback(denied, { expectedState: state })).toThrow(
      expect.objectContaining({ code: 'AUTHORIZATION_ERROR', error: 'access_denied' }),
    );

    const unknown = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'private:unheard-of' });
    const refused = await approveAuthorization(unknown.url, { bank });
    expect(() => auth.parseCallback(refused, { expectedState: unknown.state })).toThrow(expect.objectContaining({ error: 'invalid_scope' }));
  });

  it('throws ConsentError with the bank’s error when there is no redirect', async () => {
    const bank = createMockBank();
    const { url } = await auth.authorizationUrl({ redirectUri: 'https://not-registered.example/cb', scope: 'private:account' });
    const failure = await approveAuthorization(url, { bank }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsentError);
    expect(failure).toBeInstanceOf(GanbAuthError);
    expect(failure).toMatchObject({ name: 'ConsentError', code: 'CONSENT_FAILED' });
    expect(failure).toMatchObject({ status: 400, error: 'invalid_request', errorDescription: 'redirect_uri is not registered for this client' });
  });
});

describe('denyAuthorization', () => {
  it('builds the access_denied callback with the same state, which the client turns into an AuthorizationError', async () => {
    const { url, state } = await auth.authorizationUrl({ redirectUri: `${REDIRECT_URI}?tenant=7`, scope: 'private:account' });
    const callback = denyAuthorization(url);
    expect(Object.fromEntries(new URL(callback).searchParams)).toEqual({
      tenant: '7',
      error: 'access_denied',
      error_description: 'the user declined consent',
      state,
    });
    const failure = (() => {
      try {
        auth.parseCallback(callback, { expectedState: state });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(AuthorizationError);
    expect(failure).toMatchObject({ error: 'access_denied', errorDescription: 'the user declined consent' });
  });

  it('takes another error code and description', async () => {
    const { url } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'private:account' });
    const params = new URL(denyAuthorization(url, { error: 'temporarily_unavailable', errorDescription: 'maintenance' })).searchParams;
    expect([params.get('error'), params.get('error_description')]).toEqual(['temporarily_unavailable', 'maintenance']);
  });

  it('refuses a URL without redirect_uri', () => {
    expect(() => denyAuthorization('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/authorization?state=s')).toThrow(TypeError);
  });
});
