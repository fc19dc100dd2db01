import { describe, expect, it } from 'vitest';
import { createTokenClient, createMemoryNonceStore, IdTokenError, type IdTokenCheck, type NonceHooks } from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, signIdToken, unsecuredIdToken } from './fixtures.js';
import { fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

const bank = fakeTokenEndpoint();

/** A client plus a nonce it has saved through its hooks, as authorizationUrl does. */
async function loggedInClient(hooks: NonceHooks = createMemoryNonceStore()) {
  const auth = createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: bank.fetch, nonce: hooks, retry: false });
  const { nonce } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'openid private:account' });
  return { auth, nonce: nonce! };
}

function respondWithIdToken(idToken: string) {
  bank.respondWith(() => jsonResponse({ access_token: 'access-1', token_type: 'Bearer', scope: 'openid private:account', id_token: idToken }));
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const exchange = (auth: ReturnType<typeof createTokenClient>) => auth.exchangeCode({ code: 'code-1', redirectUri: REDIRECT_URI });

async function expectRefused(promise: Promise<unknown>, check: IdTokenCheck) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdTokenError);
  expect(error).toMatchObject({ code: 'ID_TOKEN_REJECTED', check });
  return error as IdTokenError;
}

describe('id_token verification on code exchange', () => {
  it('returns the tokens with the verified claims when every check passes', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce }));
    const { tokens, idTokenClaims } = await exchange(auth);
    expect(tokens.access_token).toBe('access-1');
    expect(idTokenClaims).toMatchObject({ iss: 'https://stg-api.gmo-aozora.com', aud: CLIENT_ID, azp: CLIENT_ID, nonce });
  });

  it('accepts the issuer written with a trailing slash, as one bank SDK does', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce, iss: 'https://stg-api.gmo-aozora.com/' }));
    await expect(exchange(auth)).resolves.toHaveProperty('idTokenClaims');
  });

  const refusals: [string, IdTokenCheck, (nonce: string) => Promise<string>][] = [
    ['a signature made with another secret', 'signature', (nonce) => signIdToken({ nonce }, { secret: 'not-the-client-secret' })],
    [
      'alg none',
      'alg',
      async (nonce) => unsecuredIdToken({ iss: 'https://stg-api.gmo-aozora.com', aud: CLIENT_ID, nonce, exp: 9999999999, iat: Math.floor(Date.now() / 1000) }),
    ],
    ['HS512 instead of HS256', 'alg', (nonce) => signIdToken({ nonce }, { alg: 'HS512', secret: CLIENT_SECRET.repeat(7) })],
    ['a wrong iss', 'iss', (nonce) => signIdToken({ nonce, iss: 'https://evil.example.com' })],
    ['an aud without this client', 'aud', (nonce) => signIdToken({ nonce, aud: 'another-client' })],
    ['a wrong azp', 'azp', (nonce) => signIdToken({ nonce, azp: 'another-client' })],
    ['several audiences and no azp', 'azp', (nonce) => signIdToken({ nonce, aud: [CLIENT_ID, 'another-client'], azp: undefined })],
    ['an expired token', 'exp', (nonce) => signIdToken({ nonce, exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 4000 })],
    ['an iat older than 600 s', 'iat', (nonce) => signIdToken({ nonce, iat: Math.floor(Date.now() / 1000) - 3600 })],
    ['an iat in the future', 'iat', (nonce) => signIdToken({ nonce, iat: Math.floor(Date.now() / 1000) + 3600 })],
    ['no nonce', 'nonce', () => signIdToken({})],
    ['an unknown nonce', 'nonce', () => signIdToken({ nonce: 'never-saved' })],
    ['garbage instead of a JWT', 'malformed', async () => 'not.a.jwt'],
    // jose meets these in another order than the header check; the refusal names the same check.
    ['a header without alg', 'alg', async (nonce) => `${part({ typ: 'JWT' })}.${(await signIdToken({ nonce })).split('.').slice(1).join('.')}`],
    ['a header that is a JSON array', 'malformed', async (nonce) => `${part(['HS256'])}.${(await signIdToken({ nonce })).split('.').slice(1).join('.')}`],
    ['two parts only', 'malformed', async (nonce) => (await signIdToken({ nonce })).split('.').slice(0, 2).join('.')],
  ];

  it.each(refusals)('refuses %s (check: %s) and returns no tokens', async (_what, check, makeToken) => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await makeToken(nonce));
    await expectRefused(exchange(auth), check);
  });

  it('refuses a replayed id_token: the nonce is consumed by the first exchange', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce }));
    await exchange(auth);
    await expectRefused(exchange(auth), 'nonce');
  });

  it('does not consume the nonce when the signature is bad, so a forged token cannot burn it', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce }, { secret: 'forger' }));
    await expectRefused(exchange(auth), 'signature');
    respondWithIdToken(await signIdToken({ nonce }));
    await expect(exchange(auth)).resolves.toHaveProperty('idTokenClaims.nonce', nonce);
  });

  it('passes the nonce to the application’s check hook, which decides', async () => {
    const checked: string[] = [];
    const hooks: NonceHooks = {
      save: () => undefined,
      check: (n) => {
        checked.push(n);
        return false;
      },
    };
    const { auth, nonce } = await loggedInClient(hooks);
    respondWithIdToken(await signIdToken({ nonce }));
    await expectRefused(exchange(auth), 'nonce');
    expect(checked).toEqual([nonce]);
  });

  it('refuses the id_token when the check hook throws, keeping the hook’s error as cause', async () => {
    const storeDown = new Error('session store unreachable');
    const { auth, nonce } = await loggedInClient({ save: () => undefined, check: () => Promise.reject(storeDown) });
    respondWithIdToken(await signIdToken({ nonce }));
    const error = await exchange(auth).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ID_TOKEN_REJECTED', check: 'nonce', cause: storeDown });
  });

  it('lets an error of the save hook reach the caller of authorizationUrl unchanged', async () => {
    const storeDown = new Error('session store unreachable');
    await expect(loggedInClient({ save: () => Promise.reject(storeDown), check: () => true })).rejects.toBe(storeDown);
  });

  it('refuses an answer that granted openid but carries no id_token', async () => {
    const { auth } = await loggedInClient();
    bank.respondWith(() => jsonResponse({ access_token: 'a', token_type: 'Bearer', scope: 'openid' }));
    const error = await expectRefused(exchange(auth), 'missing');
    expect(error.message).toContain('scope openid was granted but the response carries no id_token');
  });
});

describe('id_token on refresh', () => {
  it('is verified without a nonce check, because the original nonce was already used (OIDC Core §12.2)', async () => {
    const { auth } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce: 'consumed-at-login' }));
    await expect(auth.refresh({ refreshToken: 'r' })).resolves.toHaveProperty('idTokenClaims.sub', 'user-1');
  });

  it('is still refused when its signature is bad', async () => {
    const { auth } = await loggedInClient();
    respondWithIdToken(await signIdToken({}, { secret: 'forger' }));
    await expectRefused(auth.refresh({ refreshToken: 'r' }), 'signature');
  });
});

describe('memory nonce store', () => {
  it('forgets nonces after their time to live', () => {
    let now = 0;
    const store = createMemoryNonceStore({ ttlMs: 1000, now: () => now });
    store.save('n1');
    now = 1001;
    expect(store.check('n1')).toBe(false);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const store = createMemoryNonceStore({ maxEntries: 2 });
    store.save('a');
    store.save('b');
    store.save('c');
    expect([store.check('a'), store.check('b'), store.check('c')]).toEqual([false, true, true]);
  });
});
