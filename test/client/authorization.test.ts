import { describe, expect, it } from 'vitest';
import {
  assertStateMatches,
  AuthorizationError,
  createTokenClient,
  InvalidCallbackError,
  OAuthError,
  StateMismatchError,
  statesMatch,
  type NonceHooks,
} from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './fixtures.js';

function clientWithHooks() {
  const saved: string[] = [];
  const hooks: NonceHooks = { save: (n) => void saved.push(n), check: () => true };
  const auth = createTokenClient({ environment: 'production', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, nonce: hooks });
  return { auth, saved };
}

describe('authorizationUrl', () => {
  it('builds the spec’s /authorization query with a fresh state and, for openid, a saved nonce', async () => {
    const { auth, saved } = clientWithHooks();
    const { url, state, nonce } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: ['openid', 'private:account', 'offline_access'] });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://api.gmo-aozora.com/ganb/api/auth/v1/authorization');
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope: 'openid private:account offline_access',
      state,
      nonce,
    });
    expect(saved).toEqual([nonce]);
    // 32 random bytes in base64url: 256 bits, well over the 128 the issue asks for.
    expect(state).toMatch(/^[\w-]{43}$/);
    expect(nonce).toMatch(/^[\w-]{43}$/);
  });

  it('makes a different state and nonce every time', async () => {
    const { auth } = clientWithHooks();
    const a = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'openid' });
    const b = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'openid' });
    expect(a.state).not.toBe(b.state);
    expect(a.nonce).not.toBe(b.nonce);
  });

  it('uses the caller’s state and sends no nonce without openid', async () => {
    const { auth, saved } = clientWithHooks();
    const result = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'private:account', state: 'my-state' });
    expect(result).toEqual({ url: expect.any(String), state: 'my-state' });
    expect(new URL(result.url).searchParams.has('nonce')).toBe(false);
    expect(saved).toEqual([]);
  });

  it('waits for an asynchronous save hook before returning the URL', async () => {
    let stored: string | undefined;
    const auth = createTokenClient({
      environment: 'staging',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      nonce: {
        save: async (n) => {
          await new Promise((r) => setTimeout(r, 5));
          stored = n;
        },
        check: () => true,
      },
    });
    const { nonce } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'openid' });
    expect(stored).toBe(nonce);
  });
});

describe('parseCallback', () => {
  const auth = createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });

  it('returns the code when the state matches', () => {
    expect(auth.parseCallback(`${REDIRECT_URI}?code=SplxlOBeZQQYbYS6WxSbIA&state=abc`, { expectedState: 'abc' })).toEqual({
      code: 'SplxlOBeZQQYbYS6WxSbIA',
      state: 'abc',
    });
    expect(auth.parseCallback(new URLSearchParams('code=c1&state=abc'), { expectedState: 'abc' }).code).toBe('c1');
  });

  it.each([
    ['another state', '?code=c&state=abd'],
    ['no state', '?code=c'],
    ['an empty state', '?code=c&state='],
    ['an error with a forged state', '?error=access_denied&state=evil'],
  ])('refuses a callback with %s as a state mismatch', (_what, query) => {
    expect(() => auth.parseCallback(`${REDIRECT_URI}${query}`, { expectedState: 'abc' })).toThrow(StateMismatchError);
  });

  it('turns an error redirect into an AuthorizationError, not a token endpoint OAuthError', () => {
    const error = (() => {
      try {
        auth.parseCallback(`${REDIRECT_URI}?error=access_denied&error_description=User+declined&state=abc`, { expectedState: 'abc' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AuthorizationError);
    expect(error).not.toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: 'AUTHORIZATION_ERROR', error: 'access_denied', errorDescription: 'User declined' });
    expect(error).not.toHaveProperty('status');
  });

  it('refuses a callback with neither code nor error, an unknown error code or a code outside the spec as a protocol failure', () => {
    const invalid = expect.objectContaining({ name: 'InvalidCallbackError', code: 'INVALID_CALLBACK' });
    expect(() => auth.parseCallback(`${REDIRECT_URI}?state=abc`, { expectedState: 'abc' })).toThrow(InvalidCallbackError);
    expect(() => auth.parseCallback(`${REDIRECT_URI}?state=abc`, { expectedState: 'abc' })).toThrow(/neither a code nor an error/);
    expect(() => auth.parseCallback(`${REDIRECT_URI}?error=made_up&state=abc`, { expectedState: 'abc' })).toThrow(invalid);
    expect(() => auth.parseCallback(`${REDIRECT_URI}?error=made_up&state=abc`, { expectedState: 'abc' })).toThrow(/"made_up", which is not an RFC 6749/);
    expect(() => auth.parseCallback(`${REDIRECT_URI}?code=&state=abc`, { expectedState: 'abc' })).toThrow(invalid);
  });

  it('refuses an empty expected state, which would otherwise match anything lazy, as a state mismatch', () => {
    expect(() => auth.parseCallback(`${REDIRECT_URI}?code=c&state=`, { expectedState: '' })).toThrow(StateMismatchError);
  });
});

describe('state comparison', () => {
  it('matches equal strings only, including non-ASCII and different lengths', () => {
    expect(statesMatch('état-1', 'état-1')).toBe(true);
    expect(statesMatch('état-1', 'état-2')).toBe(false);
    expect(statesMatch('abc', 'abcd')).toBe(false);
    expect(statesMatch('abc', null)).toBe(false);
    expect(statesMatch('', '')).toBe(false);
    expect(() => assertStateMatches('abc', 'abd')).toThrow(StateMismatchError);
  });
});
