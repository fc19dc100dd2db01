// Inputs and options the client refuses before anything is sent, each refusal naming the input
// and saying what is wrong with it: the part of the message a developer acts on.
import { describe, expect, it } from 'vitest';
import { ConfigurationError, createTokenClient, InvalidInputError, type TokenClientOptions } from 'gmo-aozora-auth';

const REDIRECT_URI = 'https://bff.example.com/callback';
const HTTPS_ONLY = 'must use https (plain http only on a loopback address): the client secret travels with every request';

/** A fetch that fails the test if the client sends anything. */
const mustNotSend: typeof fetch = async () => {
  throw new Error('nothing may be sent for a refused input');
};

const client = (options: Partial<TokenClientOptions> = {}) =>
  createTokenClient({ environment: 'staging', clientId: 'client-id-0001', clientSecret: 'client-secret-0001', fetch: mustNotSend, ...options });

/** The error `create` throws, for closer checks. */
function thrownBy(create: () => unknown): unknown {
  try {
    create();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('scope', () => {
  it.each([
    ['a number', 42, 'must be a space-separated string or an array of scopes'],
    ['an object', { openid: true }, 'must be a space-separated string or an array of scopes'],
    ['an empty string', '', 'must name at least one scope'],
    ['only spaces', '   ', 'must name at least one scope'],
    ['an empty list', [], 'must name at least one scope'],
    ['a scope with a double quote', 'openid "private"', 'contains a scope that is empty or has characters RFC 6749 §3.3 does not allow'],
    ['a scope with a backslash', ['openid', 'private\\account'], 'contains a scope that is empty or has characters RFC 6749 §3.3 does not allow'],
    ['a list holding a number', ['openid', 7], 'contains a scope that is empty or has characters RFC 6749 §3.3 does not allow'],
    ['a list holding an empty scope', ['openid', ''], 'contains a scope that is empty or has characters RFC 6749 §3.3 does not allow'],
  ])('%s is refused, saying what a scope must be', async (_, scope, problem) => {
    const refused = client().authorizationUrl({ redirectUri: REDIRECT_URI, scope: scope as never });
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ field: 'scope', problem });
  });

  it('the spec’s length limit counts the spaces between scopes', async () => {
    const scope = ['a'.repeat(128), 'b'.repeat(128)];
    const refused = client().authorizationUrl({ redirectUri: REDIRECT_URI, scope });
    await expect(refused).rejects.toMatchObject({ field: 'scope', problem: 'must be at most 256 characters (got 257)' });
  });

  it('several spaces between scopes are one separator, as a hand-written scope string often has', async () => {
    const { url } = await client().authorizationUrl({ redirectUri: REDIRECT_URI, scope: ' private:account   offline_access ' });
    expect(new URL(url).searchParams.get('scope')).toBe('private:account offline_access');
  });
});

describe('exchangeCode', () => {
  it.each([['yes'], [1], [null]])('openid: %j is refused as not a boolean, before anything is sent', async (openid) => {
    const refused = client().exchangeCode({ code: 'code-0001', redirectUri: REDIRECT_URI, openid: openid as never });
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ field: 'openid', problem: 'must be a boolean' });
  });

  it('openid: false with an expectedNonce is refused as a contradiction, naming openid', async () => {
    const refused = client().exchangeCode({ code: 'code-0001', redirectUri: REDIRECT_URI, expectedNonce: 'nonce-0001', openid: false });
    await expect(refused).rejects.toMatchObject({ field: 'openid', problem: 'is false, but expectedNonce says the login asked for openid' });
  });
});

describe('createTokenClient options', () => {
  it.each([
    ['onEvent that is not a function', { onEvent: 'console.log' }, 'onEvent', 'must be a function'],
    ['a baseUrl with a query', { baseUrl: 'https://proxy.example.com/auth?tenant=1' }, 'baseUrl', 'must not carry a query or fragment'],
    ['a baseUrl with a fragment', { baseUrl: 'https://proxy.example.com/auth#v1' }, 'baseUrl', 'must not carry a query or fragment'],
    ['an empty issuer', { issuer: '' }, 'issuer', 'must be a non-empty string'],
    ['an issuer that is not a string', { issuer: 42 }, 'issuer', 'must be a non-empty string'],
    ['an unknown environment', { environment: 'prod' }, 'environment', "must be one of 'production', 'staging', 'sunabar'"],
    ['neither environment nor baseUrl', { environment: undefined }, 'environment', 'or baseUrl is required'],
    [
      'a baseUrl that is not a URL',
      { baseUrl: 'api.gmo-aozora.com' },
      'baseUrl',
      'must be an absolute URL such as https://api.gmo-aozora.com/ganb/api/auth/v1',
    ],
    ['a plain-http baseUrl off the machine', { baseUrl: 'http://proxy.example.com/auth' }, 'baseUrl', HTTPS_ONLY],
    ['an ftp baseUrl, even on loopback', { baseUrl: 'ftp://127.0.0.1/auth' }, 'baseUrl', HTTPS_ONLY],
    [
      'a baseUrl with a password',
      { baseUrl: 'https://user:pass@proxy.example.com/auth' },
      'baseUrl',
      'must not carry a user name or password; the client authenticates with clientId and clientSecret',
    ],
  ])('%s is refused, naming the option', (_, options, option, problem) => {
    const error = thrownBy(() => client(options as Partial<TokenClientOptions>));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option, problem });
  });
});

describe('parseCallback', () => {
  const callback = `${REDIRECT_URI}?code=code-0001&state=state-0001`;

  it.each([[undefined], [null], ['']])('with no saved state (%j) is a state mismatch that says why, not an input error', (expectedState) => {
    const error = thrownBy(() => client().parseCallback(callback, { expectedState: expectedState as never }));
    expect(error).toMatchObject({ code: 'STATE_MISMATCH' });
    expect((error as Error).message).toContain('no state is saved for this session (expired session, lost cookie, or a callback used twice)');
  });

  it('with a saved state that is not a string is an input error naming expectedState', () => {
    const error = thrownBy(() => client().parseCallback(callback, { expectedState: 42 as never }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'expectedState' });
  });
});
