// A refreshed id_token must belong to the login it renews (OpenID Connect Core 1.0 §12.2), and
// the claims the caller hands in to prove that must be claims of a login. Through the public
// client, with an injected fetch standing in for the bank.
import type { JWTPayload } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenClient, type IdTokenClaims, IdTokenError } from 'gmo-aozora-auth';
import { httpResponse, fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';
import { CLIENT_ID, CLIENT_SECRET, STAGING_ISSUER as ISSUER, signIdToken } from './fixtures.js';

/** An id_token of this client's login, with no azp unless `claims` name one. */
const idToken = (claims: JWTPayload = {}) => signIdToken({ azp: undefined, ...claims });

/** A client whose bank answers every refresh with tokens and `idTokenClaims` signed into an id_token. */
function clientAnswering(claims: JWTPayload | undefined) {
  const bank = fakeTokenEndpoint(async () =>
    jsonResponse({ access_token: 'access-token-0002', token_type: 'Bearer', ...(claims ? { id_token: await idToken(claims) } : {}) }),
  );
  const auth = createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: false, fetch: bank.fetch });
  return { auth, sent: bank.seen };
}

const now = Math.floor(Date.now() / 1000);
const original: IdTokenClaims = { iss: ISSUER, sub: 'user-1', aud: CLIENT_ID, iat: now - 100, exp: now + 200 };

describe('azp of a refreshed id_token', () => {
  it('another azp than the original login’s is refused, naming azp and §12.2', async () => {
    const { auth } = clientAnswering({ azp: CLIENT_ID });
    const error = await auth.refresh({ refreshToken: 'refresh-0001', originalIdTokenClaims: { ...original, azp: 'another-client' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdTokenError);
    expect(error).toMatchObject({ check: 'azp' });
    expect((error as Error).message).toContain('another azp than the id_token of the original login (OpenID Connect Core 1.0 §12.2)');
  });

  it.each([
    ['the original login had no azp and the refreshed one has', undefined, CLIENT_ID],
    ['the original login had an azp and the refreshed one has none', 'another-client', undefined],
    ['both name this client', CLIENT_ID, CLIENT_ID],
  ])('is accepted when %s', async (_, originalAzp, refreshedAzp) => {
    const { auth } = clientAnswering(refreshedAzp === undefined ? {} : { azp: refreshedAzp });
    const login = originalAzp === undefined ? original : { ...original, azp: originalAzp };
    await expect(auth.refresh({ refreshToken: 'refresh-0001', originalIdTokenClaims: login })).resolves.toBeDefined();
  });
});

describe('originalIdTokenClaims', () => {
  it.each([
    ['an empty aud list', { aud: [] }],
    ['an aud list with an empty entry', { aud: [CLIENT_ID, ''] }],
    ['an aud list with a number', { aud: [CLIENT_ID, 7] }],
    ['an empty iss', { iss: '' }],
    ['null', null],
    ['a function carrying iss, sub and aud', Object.assign(() => undefined, original)],
  ])('with %s is refused before anything is sent', async (_, change) => {
    const { auth, sent } = clientAnswering({});
    const claims = change === null || typeof change === 'function' ? change : { ...original, ...change };
    const refused = auth.refresh({ refreshToken: 'refresh-0001', originalIdTokenClaims: claims as unknown as IdTokenClaims });
    await expect(refused).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'originalIdTokenClaims',
      problem: 'must be the idTokenClaims of the original login, with iss, sub and aud',
    });
    expect(sent).toEqual([]);
  });

  it('with aud as a list of this client is taken, and checked against the refreshed id_token', async () => {
    const { auth } = clientAnswering({ aud: [CLIENT_ID] });
    await expect(auth.refresh({ refreshToken: 'refresh-0001', originalIdTokenClaims: { ...original, aud: [CLIENT_ID] } })).resolves.toBeDefined();
  });
});

describe('the id_token key', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a failed import of the HS256 key is not kept: the next id_token imports it again and verifies', async () => {
    const body = JSON.stringify({ access_token: 'access-token-0002', token_type: 'Bearer', id_token: await idToken() });
    const auth = createTokenClient({
      environment: 'staging',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      fetch: fakeTokenEndpoint(httpResponse(200, body, { 'Content-Type': 'application/json' })).fetch,
    });
    const spy = vi.spyOn(crypto.subtle, 'importKey').mockRejectedValueOnce(new Error('crypto busy'));
    await expect(auth.refresh({ refreshToken: 'refresh-0001' })).rejects.toMatchObject({ code: 'ID_TOKEN_REJECTED', cause: { message: 'crypto busy' } });
    await expect(auth.refresh({ refreshToken: 'refresh-0001' })).resolves.toBeDefined();
    expect(spy).toHaveBeenCalledTimes(2);
  });
});

describe('iss, sub and aud of a refreshed id_token', () => {
  it.each([
    ['another iss', { iss: 'https://elsewhere.example' }, {}, 'iss', 'the refreshed id_token has another iss than the id_token of the original login'],
    ['another user', {}, { sub: 'user-2' }, 'sub', 'the refreshed id_token names another user (sub) than the id_token of the original login'],
    [
      'fewer audiences than the login had',
      { aud: [CLIENT_ID, 'partner'] },
      {},
      'aud',
      'the refreshed id_token has another aud than the id_token of the original login',
    ],
    [
      'as many audiences, but another one',
      { aud: [CLIENT_ID, 'partner-a'], azp: CLIENT_ID },
      { aud: [CLIENT_ID, 'partner-b'], azp: CLIENT_ID },
      'aud',
      'has another aud',
    ],
  ])('%s is refused, naming the claim', async (_, loginChange, refreshedChange, check, message) => {
    const { auth } = clientAnswering(refreshedChange);
    const error = await auth.refresh({ refreshToken: 'refresh-0001', originalIdTokenClaims: { ...original, ...loginChange } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdTokenError);
    expect(error).toMatchObject({ check });
    expect((error as Error).message).toContain(message);
  });

  it('an issuer written with a trailing slash at login and without it now is the same issuer', async () => {
    const { auth } = clientAnswering({});
    await expect(auth.refresh({ refreshToken: 'refresh-0001', originalIdTokenClaims: { ...original, iss: `${ISSUER}/` } })).resolves.toBeDefined();
  });
});
