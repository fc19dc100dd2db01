import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  createTokenClient,
  type IdTokenError,
  InvalidInputError,
  StateMismatchError,
  TimeoutError,
  type IdTokenCheck,
  type IdTokenClaims,
  type NonceHooks,
  type TokenClientOptions,
} from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, STAGING_ISSUER, refusal, signIdToken } from './fixtures.js';
import { fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

/**
 * OpenID Connect conformance beyond the single id_token checks: a login that asked for `openid`
 * never succeeds without a verified id_token (OIDC Core §3.1.3.3), `sub` is a non-empty string
 * (§2), a refreshed id_token belongs to the same user (§12.2), the session-owned nonce, nonce
 * messages that say what happened, and hooks that cannot outlive the caller's limits.
 */

const bank = fakeTokenEndpoint();

const client = (options: Partial<TokenClientOptions> = {}) =>
  createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: bank.fetch, retry: false, ...options });

/** Hooks that fail the test if the client consults them. */
const untouchableHooks: NonceHooks = {
  save: () => undefined,
  check: () => {
    throw new Error('the nonce hooks must not be called when expectedNonce is given');
  },
};

const tokensWith = (extra: Record<string, unknown>) => jsonResponse({ access_token: 'access-1', token_type: 'Bearer', expires_in: 3600, ...extra });

async function expectRefused(promise: Promise<unknown>, check: IdTokenCheck): Promise<IdTokenError> {
  const error = await refusal(promise);
  expect(error.check).toBe(check);
  return error;
}

describe('a login that asked for openid needs a verified id_token, whatever scope says', () => {
  it.each([
    ['omits scope', {}],
    ['grants a scope without openid', { scope: 'private:account' }],
  ])('expectedNonce given and the answer %s without an id_token: refused', async (_what, extra) => {
    bank.respondWith(() => tokensWith(extra));
    const auth = client({ nonce: untouchableHooks });
    await expectRefused(auth.exchangeCode({ code: 'c', redirectUri: REDIRECT_URI, expectedNonce: 'n-1' }), 'missing');
  });

  it('openid: true on the hooks path, answer without scope and id_token: refused', async () => {
    bank.respondWith(() => tokensWith({}));
    const error = await expectRefused(client().exchangeCode({ code: 'c', redirectUri: REDIRECT_URI, openid: true }), 'missing');
    expect(error.message).toContain('the login asked for openid but the response carries no id_token');
  });

  it('a login that declares nothing and gets no id_token is a plain OAuth login', async () => {
    bank.respondWith(() => tokensWith({}));
    const tokens = await client().exchangeCode({ code: 'c', redirectUri: REDIRECT_URI });
    expect(tokens.idTokenClaims).toBeUndefined();
  });

  it('refuses expectedNonce together with openid: false, before sending anything', async () => {
    const before = bank.seen.length;
    await expect(client().exchangeCode({ code: 'c', redirectUri: REDIRECT_URI, expectedNonce: 'n', openid: false })).rejects.toBeInstanceOf(InvalidInputError);
    expect(bank.seen.length).toBe(before);
  });

  it.each([[''], [42]])('refuses an expectedNonce of %j as invalid input', async (expectedNonce) => {
    await expect(client().exchangeCode({ code: 'c', redirectUri: REDIRECT_URI, expectedNonce: expectedNonce as string })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'expectedNonce',
    });
  });
});

describe('expectedNonce: the nonce kept in the user’s session', () => {
  it('lets another instance finish the login, without calling the nonce hooks', async () => {
    const { nonce } = await client().authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'openid private:account' });
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({ nonce }) }));
    const otherInstance = client({ nonce: untouchableHooks });
    const tokens = await otherInstance.exchangeCode({ code: 'c', redirectUri: REDIRECT_URI, expectedNonce: nonce! });
    // Typed as present: a login with expectedNonce always has verified claims.
    const sub: string = tokens.idTokenClaims.sub;
    expect(sub).toBe('user-1');
  });

  it('refuses an id_token whose nonce is another login’s', async () => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({ nonce: 'another-login' }) }));
    const error = await expectRefused(
      client({ nonce: untouchableHooks }).exchangeCode({ code: 'c', redirectUri: REDIRECT_URI, expectedNonce: 'mine' }),
      'nonce',
    );
    expect(error.message).toMatch(/not the nonce of this login/);
  });

  it('refuses an id_token without a nonce, saying truly that one was sent', async () => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({}) }));
    const error = await expectRefused(
      client({ nonce: untouchableHooks }).exchangeCode({ code: 'c', redirectUri: REDIRECT_URI, expectedNonce: 'mine' }),
      'nonce',
    );
    expect(error.message).toMatch(/one was sent/);
  });
});

describe('nonce messages are true', () => {
  it('an id_token without a nonce on a login that declared nothing does not claim a nonce was sent', async () => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({}) }));
    const error = await expectRefused(client().exchangeCode({ code: 'c', redirectUri: REDIRECT_URI }), 'nonce');
    expect(error.message).not.toMatch(/one was sent/);
    expect(error.message).toMatch(/carries no nonce/);
  });

  it('an unknown nonce on the hooks path names a nonce store not shared by the instances', async () => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({ nonce: 'saved-on-another-instance' }) }));
    const error = await expectRefused(client().exchangeCode({ code: 'c', redirectUri: REDIRECT_URI }), 'nonce');
    expect(error.message).toMatch(/not shared/);
    expect(error.message).toMatch(/expectedNonce/);
  });
});

describe('sub is required, a non-empty string (OIDC Core §2)', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a number', 42],
    ['an object', { id: 'user-1' }],
  ])('refuses an id_token whose sub is %s', async (_what, sub) => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({ nonce: 'n', sub: sub as string }) }));
    await expectRefused(client({ nonce: untouchableHooks }).exchangeCode({ code: 'c', redirectUri: REDIRECT_URI, expectedNonce: 'n' }), 'sub');
  });

  it('refuses it on refresh too', async () => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({ sub: '' }) }));
    await expectRefused(client().refresh({ refreshToken: 'r' }), 'sub');
  });
});

describe('a refreshed id_token belongs to the original login (OIDC Core §12.2)', () => {
  const now = Math.floor(Date.now() / 1000);
  const original: IdTokenClaims = { iss: STAGING_ISSUER, sub: 'user-1', aud: CLIENT_ID, azp: CLIENT_ID, iat: now - 100, exp: now + 200, nonce: 'used' };

  it('accepts the same iss, sub and aud (aud as a list or a string)', async () => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({ aud: [CLIENT_ID] }) }));
    const tokens = await client().refresh({ refreshToken: 'r', originalIdTokenClaims: original });
    expect(tokens.idTokenClaims?.sub).toBe('user-1');
  });

  it.each([
    ['another sub', { sub: 'user-2' }, 'sub'],
    ['another iss', { iss: 'https://elsewhere.example' }, 'iss'],
    ['another aud', { aud: 'another-client' }, 'aud'],
  ] as const)('refuses an id_token for %s than the login’s', async (_what, originalChange, check) => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({}) }));
    await expectRefused(client().refresh({ refreshToken: 'r', originalIdTokenClaims: { ...original, ...originalChange } }), check);
  });

  it('accepts a refresh answer without an id_token (§12.2 makes it optional)', async () => {
    bank.respondWith(() => tokensWith({ refresh_token: 'r2' }));
    await expect(client().refresh({ refreshToken: 'r', originalIdTokenClaims: original })).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });
  });

  it.each([
    ['not an object', 'user-1'],
    ['without sub', { iss: STAGING_ISSUER, aud: CLIENT_ID }],
  ])('refuses originalIdTokenClaims %s as invalid input', async (_what, claims) => {
    await expect(client().refresh({ refreshToken: 'r', originalIdTokenClaims: claims as unknown as IdTokenClaims })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'originalIdTokenClaims',
    });
  });
});

describe('a nonce check hook cannot outlive the caller’s limits', () => {
  const neverSettles: NonceHooks = { save: () => undefined, check: () => new Promise<boolean>(() => undefined) };

  it('the caller’s signal ends the wait with AbortedError', async () => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({ nonce: 'n' }) }));
    const controller = new AbortController();
    const hooks: NonceHooks = {
      save: () => undefined,
      // The signal fires only once the hook holds the call, so it is the hook's wait that ends.
      check: () => {
        controller.abort(new Error('user left'));
        return new Promise<boolean>(() => undefined);
      },
    };
    const pending = client({ nonce: hooks }).exchangeCode({ code: 'c', redirectUri: REDIRECT_URI, signal: controller.signal });
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });

  it('a hook that fails before the caller aborts is reported as the failure it was', async () => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({ nonce: 'n' }) }));
    const controller = new AbortController();
    const storeDown = new Error('nonce store unreachable');
    const hooks: NonceHooks = {
      save: () => undefined,
      // The abort comes a moment after the hook has already failed: the first to happen is what the caller hears.
      check: () => {
        queueMicrotask(() => controller.abort(new Error('user left')));
        throw storeDown;
      },
    };
    const pending = client({ nonce: hooks }).exchangeCode({ code: 'c', redirectUri: REDIRECT_URI, signal: controller.signal });
    const error = await expectRefused(pending, 'nonce');
    expect(error.message).toMatch(/the nonce check hook failed/);
    expect(error.cause).toBe(storeDown);
  });

  it('timeoutMs ends the wait with an IdTokenError whose cause is a TimeoutError', async () => {
    bank.respondWith(async () => tokensWith({ id_token: await signIdToken({ nonce: 'n' }) }));
    const error = await expectRefused(client({ nonce: neverSettles, timeoutMs: 50 }).exchangeCode({ code: 'c', redirectUri: REDIRECT_URI }), 'nonce');
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/did not settle within 50 ms/);
  });
});

describe('parseCallback with no expected state', () => {
  it.each([[undefined], ['']])('expectedState %j (expired session, lost cookie, replay) is a StateMismatchError', (expectedState) => {
    const auth = client();
    expect(() => auth.parseCallback('https://bff.example.com/callback?code=c&state=s', { expectedState })).toThrow(StateMismatchError);
  });
});
