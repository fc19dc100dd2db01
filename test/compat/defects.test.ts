import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GanbAuthError, IdTokenError, InvalidInputError, InvalidResponseError, OAuthError, StateMismatchError } from 'gmo-aozora-auth';
import type { GetTokenParams } from 'gmo-aozora-auth/compat';
import {
  captureConsole,
  CLIENT_ID,
  CLIENT_SECRET,
  compatClient,
  createFakeBank,
  jsonResponse,
  nonceSet,
  REDIRECT_URI,
  signIdToken,
  TOKENS,
} from './helpers.js';

// The old SDK's defects, each checked to be gone.

describe('no console output', () => {
  let output: ReturnType<typeof captureConsole>;
  beforeEach(() => {
    output = captureConsole();
  });
  afterEach(() => output.restore());

  it('from any call, succeeding or failing (the old SDK printed params, the client secret, state, nonce and tokens)', async () => {
    const bank = createFakeBank();
    const nonces = nonceSet();
    const ganbLib = compatClient(bank, { nonceCallbacks: nonces.callbacks });
    const url = new URL(await ganbLib.openID.authorization('session-1', 'private:account', REDIRECT_URI));
    await ganbLib.oAuth.authorization('session-1', 'private:account', REDIRECT_URI);
    await ganbLib.oAuth.checkState('session-1', url.searchParams.get('state'));
    await ganbLib.oAuth.getToken({ code: 'code-1', authMethod: 'post', redirect_uri: REDIRECT_URI });
    await ganbLib.refreshTokens('refresh-1');
    bank.respondWith(async () => jsonResponse({ ...TOKENS, id_token: await signIdToken({ nonce: url.searchParams.get('nonce')! }) }));
    await ganbLib.openID.getToken({ code: 'code-2', authMethod: 'basic', redirect_uri: REDIRECT_URI });

    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => 'resolved',
        (e: unknown) => (e as Error).constructor,
      );
    expect(await failure(ganbLib.openID.getToken({ code: 'code-3', authMethod: 'basic', redirect_uri: REDIRECT_URI }))).toBe(IdTokenError); // replayed nonce
    expect(await failure(ganbLib.oAuth.checkState('session-2', url.searchParams.get('state')))).toBe(StateMismatchError);
    expect(await failure(ganbLib.oAuth.getToken({ code: '', authMethod: 'basic', redirect_uri: REDIRECT_URI }))).toBe(InvalidInputError);
    bank.respondWith(() => jsonResponse({ error: 'invalid_grant' }, 400));
    expect(await failure(ganbLib.refreshTokens('stale'))).toBe(OAuthError);
    bank.respondWith(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    expect(await failure(ganbLib.refreshTokens('refresh-1'))).toBe(InvalidResponseError);
    expect(bank.seen).toHaveLength(6);
    expect(output.calls()).toEqual([]);
  });
});

describe('retries', () => {
  it('refresh: invalid_grant is final, the bank sees one request (the old SDK retried it)', async () => {
    const bank = createFakeBank();
    bank.respondWith(() => jsonResponse({ error: 'invalid_grant', error_description: 'refresh token revoked' }, 400));
    const error = await compatClient(bank)
      .refreshTokens('revoked')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).error).toBe('invalid_grant');
    expect(bank.seen).toHaveLength(1);
  });

  it('refresh: a 503 is retried, so the single request above is the policy, not retries being off', async () => {
    const bank = createFakeBank();
    bank.respondOnce(() => new Response('busy', { status: 503 }));
    await expect(compatClient(bank).refreshTokens('refresh-1')).resolves.toEqual(TOKENS);
    expect(bank.seen).toHaveLength(2);
  });

  it('code exchange: invalid_grant is final too', async () => {
    const bank = createFakeBank();
    bank.respondWith(() => jsonResponse({ error: 'invalid_grant' }, 400));
    await expect(compatClient(bank).oAuth.getToken({ code: 'used', authMethod: 'basic', redirect_uri: REDIRECT_URI })).rejects.toBeInstanceOf(OAuthError);
    expect(bank.seen).toHaveLength(1);
  });
});

describe('typed rejections, never false', () => {
  const valid: GetTokenParams = { code: 'code-1', authMethod: 'basic', redirect_uri: REDIRECT_URI };
  it.each([
    ['invalid_client (401)', () => jsonResponse({ error: 'invalid_client' }, 401), valid, OAuthError, 1],
    [
      'a gateway HTML page (502)',
      () => new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
      valid,
      InvalidResponseError,
      1,
    ],
    ['a 200 without access_token', () => jsonResponse({ token_type: 'Bearer' }), valid, InvalidResponseError, 1],
    ['an unknown authMethod', undefined, { ...valid, authMethod: 'bearer' as 'basic' }, InvalidInputError, 0],
    ['an empty code', undefined, { ...valid, code: '' }, InvalidInputError, 0],
    ['a relative redirect_uri', undefined, { ...valid, redirect_uri: '/callback' }, InvalidInputError, 0],
    ['params that are not an object', undefined, 'code-1' as unknown as GetTokenParams, InvalidInputError, 0],
  ])('getToken with %s', async (_, response, params, type, requests) => {
    const bank = createFakeBank();
    if (response) bank.respondWith(response);
    const error = await compatClient(bank)
      .oAuth.getToken(params)
      .then(
        (value) => ({ resolved: value }),
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(GanbAuthError);
    expect(bank.seen).toHaveLength(requests);
  });

  it('names the inputs as the caller did: redirect_uri, authMethod, sessionID, redirectURI', async () => {
    const ganbLib = compatClient(createFakeBank());
    const field = (promise: Promise<unknown>) => promise.catch((e: unknown) => (e as InvalidInputError).field);
    expect(await field(ganbLib.oAuth.getToken({ code: 'c', authMethod: 'basic', redirect_uri: 'redirectUri_example' }))).toBe('redirect_uri');
    expect(await field(ganbLib.oAuth.getToken({ code: 'c', authMethod: 'Basic' as 'basic', redirect_uri: REDIRECT_URI }))).toBe('authMethod');
    expect(await field(ganbLib.oAuth.authorization('', 'private:account', REDIRECT_URI))).toBe('sessionID');
    expect(await field(ganbLib.oAuth.authorization('s', 'private:account', 'callback'))).toBe('redirectURI');
    expect(await field(ganbLib.oAuth.authorization('s', '', REDIRECT_URI))).toBe('scope');

    // The relabelled error keeps the client's problem text whole, whatever its message says.
    const renamed = (await ganbLib.oAuth
      .getToken({ code: 'c', authMethod: 'basic', redirect_uri: 'redirectUri_example' })
      .catch((e: unknown) => e)) as InvalidInputError;
    expect(renamed.problem).toBe('must be an absolute URI such as https://bff.example.com/callback');
    expect(renamed.message).toBe(`redirect_uri ${renamed.problem}; nothing was sent.`);
  });

  it('openID.getToken rejects with IdTokenError where the old SDK resolved to false', async () => {
    const bank = createFakeBank();
    bank.respondWith(async () => jsonResponse({ ...TOKENS, id_token: await signIdToken({ nonce: 'n' }, { secret: 'another-secret-entirely' }) }));
    const error = await compatClient(bank, { nonceCallbacks: nonceSet().callbacks })
      .openID.getToken({ code: 'c', authMethod: 'basic', redirect_uri: REDIRECT_URI })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdTokenError);
    expect((error as IdTokenError).check).toBe('signature');
  });

  it('checkState rejects with StateMismatchError', async () => {
    await expect(compatClient(createFakeBank()).oAuth.checkState('session-1', 'f'.repeat(64))).rejects.toBeInstanceOf(StateMismatchError);
  });
});

describe('the client secret stays private', () => {
  it('is no property of the instance and shows in no serialization or error', async () => {
    const bank = createFakeBank();
    bank.respondWith(() => jsonResponse({ error: 'invalid_client', error_description: `bad secret ${CLIENT_SECRET}` }, 401));
    const ganbLib = compatClient(bank, { authMethod: 'post' });
    const error = (await ganbLib.refreshTokens('refresh-1').catch((e: unknown) => e)) as OAuthError;
    for (const view of [
      JSON.stringify(ganbLib),
      inspect(ganbLib, { showHidden: true, depth: 5 }),
      inspect(ganbLib.oAuth),
      error.message,
      JSON.stringify(error),
      inspect(error),
    ]) {
      expect(view).not.toContain(CLIENT_SECRET);
    }
    expect(Object.values(ganbLib)).not.toContain(CLIENT_SECRET);
  });
});

describe('the flat token answer of getToken and refreshTokens', () => {
  it('carries no idTokenClaims a server sent: only claims this client verified ever have that name', async () => {
    const bank = createFakeBank();
    bank.respondWith(() => jsonResponse({ ...TOKENS, idTokenClaims: { iss: 'https://evil.example', sub: 'admin', aud: CLIENT_ID } }));
    const renewed = await compatClient(bank).refreshTokens('refresh-1');
    expect(renewed).toEqual(TOKENS);
    const exchanged = await compatClient(bank).oAuth.getToken({ code: 'code-1', authMethod: 'basic', redirect_uri: REDIRECT_URI });
    expect(exchanged).not.toHaveProperty('idTokenClaims');
  });

  it('shows its tokens masked in util.inspect and keeps them in JSON', async () => {
    const renewed = await compatClient(createFakeBank()).refreshTokens('refresh-1');
    expect(inspect(renewed)).not.toContain(TOKENS.refresh_token);
    expect(inspect(renewed)).toContain("token_type: 'Bearer'");
    expect(JSON.parse(JSON.stringify(renewed))).toEqual(TOKENS);
  });
});
