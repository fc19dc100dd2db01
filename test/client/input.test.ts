import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, ConfigurationError, createTokenClient, InvalidInputError, type TokenClientOptions } from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './fixtures.js';
import { fakeTokenEndpoint } from '../support/token-endpoint.js';

const bank = fakeTokenEndpoint();
afterEach(() => {
  bank.seen.length = 0;
});

const auth = createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: bank.fetch });
const code = (length: number) => 'c'.repeat(length);

describe('bad input is refused before anything is sent', () => {
  const cases: [string, string, () => Promise<unknown>][] = [
    ['an empty code', 'code', () => auth.exchangeCode({ code: '', redirectUri: REDIRECT_URI })],
    ['a code over 128 characters', 'code', () => auth.exchangeCode({ code: code(129), redirectUri: REDIRECT_URI })],
    ['a code that is not a string', 'code', () => auth.exchangeCode({ code: 42 as unknown as string, redirectUri: REDIRECT_URI })],
    ['a relative redirect URI', 'redirectUri', () => auth.exchangeCode({ code: 'c', redirectUri: '/callback' })],
    ['a redirect URI over 256 characters', 'redirectUri', () => auth.exchangeCode({ code: 'c', redirectUri: `https://bff.example.com/${'p'.repeat(240)}` })],
    ['a redirect URI with a fragment', 'redirectUri', () => auth.exchangeCode({ code: 'c', redirectUri: `${REDIRECT_URI}#frag` })],
    ['a non-http redirect URI', 'redirectUri', () => auth.exchangeCode({ code: 'c', redirectUri: 'javascript:alert(1)' })],
    ['a code with a lone surrogate', 'code', () => auth.exchangeCode({ code: 'abc\uD800def', redirectUri: REDIRECT_URI })],
    ['a refresh token with a lone surrogate', 'refreshToken', () => auth.refresh({ refreshToken: '\uDC00' })],
    ['an empty refresh token', 'refreshToken', () => auth.refresh({ refreshToken: '' })],
    ['a refresh token over 128 characters', 'refreshToken', () => auth.refresh({ refreshToken: code(129) })],
    ['a signal that is not an AbortSignal', 'signal', () => auth.refresh({ refreshToken: 'r', signal: {} as AbortSignal })],
    ['no input object', 'refresh input', () => auth.refresh(undefined as never)],
    ['a scope with a space inside a list item', 'scope', () => auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: ['openid private:account'] })],
    ['an empty scope', 'scope', () => auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: '' })],
    [
      'a scope over 256 characters',
      'scope',
      () => auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: Array.from({ length: 30 }, (_, i) => `private:scope-${i}`) }),
    ],
    ['an empty state', 'state', () => auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'private:account', state: '' })],
  ];

  it.each(cases)('%s → InvalidInputError(%s)', async (_what, field, call) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field });
    expect(bank.seen).toHaveLength(0);
  });

  it('accepts the limits themselves: a 128-character code and a 256-character redirect URI', async () => {
    const redirectUri = `https://bff.example.com/${'p'.repeat(256 - 'https://bff.example.com/'.length)}`;
    await auth.exchangeCode({ code: code(128), redirectUri });
    expect(bank.seen[0]!.form.get('code')).toHaveLength(128);
    expect(bank.seen[0]!.form.get('redirect_uri')).toHaveLength(256);
  });

  it('never puts the offending value in the message', async () => {
    const secretCode = `secret-code-${'x'.repeat(200)}`;
    const error = (await auth.exchangeCode({ code: secretCode, redirectUri: REDIRECT_URI }).catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('secret-code');
  });
});

describe('configuration is checked when the client is created', () => {
  const base: TokenClientOptions = { environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
  it.each<[string, string, Partial<TokenClientOptions> & Record<string, unknown>]>([
    ['neither environment nor baseUrl', 'environment', { environment: undefined }],
    ['an unknown environment', 'environment', { environment: 'sandbox' as never }],
    ['a plain-http baseUrl off loopback', 'baseUrl', { baseUrl: 'http://bank.example.com/auth/v1' }],
    ['a baseUrl that is not a URL', 'baseUrl', { baseUrl: 'not a url' }],
    ['an empty client id', 'clientId', { clientId: '' }],
    ['a client secret over 128 characters', 'clientSecret', { clientSecret: 's'.repeat(129) }],
    ['an unknown auth method', 'authMethod', { authMethod: 'private_key_jwt' as never }],
    ['nonce hooks without check', 'nonce', { nonce: { save() {} } as never }],
    ['a negative timeout', 'timeoutMs', { timeoutMs: -1 }],
    ['zero retry attempts', 'retry.attempts', { retry: { attempts: 0 } }],
  ])('%s → ConfigurationError(%s)', (_what, option, override) => {
    const error = (() => {
      try {
        createTokenClient({ ...base, ...override } as TokenClientOptions);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'INVALID_CONFIGURATION', option });
  });

  it('a client secret error does not quote the secret', () => {
    const secret = `s3cr3t-${'x'.repeat(200)}`;
    expect(() => createTokenClient({ ...base, clientSecret: secret })).toThrow(/clientSecret must be at most 128 characters/);
    try {
      createTokenClient({ ...base, clientSecret: secret });
    } catch (error) {
      expect(String(error)).not.toContain('s3cr3t');
    }
  });

  it('picks the environment’s server and issuer, lets baseUrl override the server, and issuer the issuer', () => {
    expect(createTokenClient({ ...base, environment: 'production' }).config).toMatchObject({
      baseUrl: 'https://api.gmo-aozora.com/ganb/api/auth/v1',
      issuer: 'https://api.gmo-aozora.com',
    });
    expect(createTokenClient({ ...base, environment: 'production', baseUrl: 'https://proxy.internal.example/auth/' }).config).toMatchObject({
      baseUrl: 'https://proxy.internal.example/auth',
      issuer: 'https://api.gmo-aozora.com',
    });
    expect(createTokenClient({ ...base, environment: undefined, baseUrl: 'http://127.0.0.1:8080/auth/v1' }).config.issuer).toBe('http://127.0.0.1:8080');
    expect(createTokenClient({ ...base, environment: 'sunabar', issuer: 'https://sunabar.example' }).config.issuer).toBe('https://sunabar.example');
  });
});

it('an already-fired signal rejects with AbortedError and reports no request, because none is sent', async () => {
  const events: unknown[] = [];
  const client = createTokenClient({
    environment: 'staging',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    fetch: bank.fetch,
    onEvent: (event) => events.push(event),
  });
  await expect(client.refresh({ refreshToken: 'r', signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortedError);
  expect(events).toEqual([]);
  expect(bank.seen).toHaveLength(0);
});
