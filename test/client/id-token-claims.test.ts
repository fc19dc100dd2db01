import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryNonceStore, createTokenClient, type NonceHooks, type TokenClientOptions } from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, refusal, signIdToken } from './fixtures.js';
import { fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

/**
 * The id_token claims OpenID Connect Core 1.0 §3.1.3.7 makes the client check, one at a time and
 * at their boundaries: a token that leaves out a required claim, or sits just outside a time
 * window, must be refused; one just inside must be accepted.
 */

const bank = fakeTokenEndpoint();
afterEach(() => {
  vi.useRealTimers();
});

const now = () => Math.floor(Date.now() / 1000);

async function loggedInClient(options: Partial<TokenClientOptions> = {}, hooks: NonceHooks = createMemoryNonceStore()) {
  const auth = createTokenClient({
    environment: 'staging',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    fetch: bank.fetch,
    nonce: hooks,
    retry: false,
    ...options,
  });
  const { nonce } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'openid private:account' });
  return { auth, nonce: nonce! };
}

function respondWithIdToken(idToken: string) {
  bank.respondWith(() => jsonResponse({ access_token: 'access-1', token_type: 'Bearer', scope: 'openid private:account', id_token: idToken }));
}

const exchange = (auth: ReturnType<typeof createTokenClient>) => auth.exchangeCode({ code: 'code-1', redirectUri: REDIRECT_URI });

describe('required claims', () => {
  it.each(['exp', 'iat', 'iss', 'aud'] as const)('an id_token without %s is refused, whatever else it carries', async (claim) => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce, [claim]: undefined }));
    const error = await refusal(exchange(auth));
    expect(error).toMatchObject({ code: 'ID_TOKEN_REJECTED', check: claim });
    expect(error.message).toContain(claim);
  });
});

describe('azp (authorized party)', () => {
  it('an id_token without azp is accepted when aud names only this client', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce, azp: undefined }));
    await expect(exchange(auth)).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });
  });

  it('an id_token without azp is accepted when aud is a list holding only this client', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce, aud: [CLIENT_ID], azp: undefined }));
    await expect(exchange(auth)).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });
  });

  it('several audiences are accepted when azp names this client', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce, aud: [CLIENT_ID, 'another-client'], azp: CLIENT_ID }));
    await expect(exchange(auth)).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });
  });

  it('an azp naming another client is refused even when aud is only this client', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce, azp: 'another-client' }));
    const error = await refusal(exchange(auth));
    expect(error).toMatchObject({ check: 'azp' });
    expect(error.message).toMatch(/azp is not this client id/);
  });

  it('several audiences without azp are refused, saying azp is required', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce, aud: [CLIENT_ID, 'another-client'], azp: undefined }));
    const error = await refusal(exchange(auth));
    expect(error).toMatchObject({ check: 'azp' });
    expect(error.message).toMatch(/azp is required/);
  });
});

describe('time claims and the clock tolerance', () => {
  const tolerance = { clockToleranceSec: 30 };

  it('an exp just inside the tolerance is accepted; just outside it is refused', async () => {
    const inside = await loggedInClient(tolerance);
    respondWithIdToken(await signIdToken({ nonce: inside.nonce, iat: now() - 100, exp: now() - 20 }));
    await expect(exchange(inside.auth)).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });

    const outside = await loggedInClient(tolerance);
    respondWithIdToken(await signIdToken({ nonce: outside.nonce, iat: now() - 100, exp: now() - 40 }));
    const error = await refusal(exchange(outside.auth));
    expect(error).toMatchObject({ check: 'exp' });
    expect(error.message).toMatch(/expired/);
  });

  it('an nbf in the future beyond the tolerance is refused; within it, accepted', async () => {
    const early = await loggedInClient(tolerance);
    respondWithIdToken(await signIdToken({ nonce: early.nonce, nbf: now() + 120 }));
    const error = await refusal(exchange(early.auth));
    // No check of its own: an nbf failure is reported as a token that is not well-formed for now.
    expect(error).toMatchObject({ check: 'malformed' });
    expect(error.message).toMatch(/nbf claim failed/);

    const skewed = await loggedInClient(tolerance);
    respondWithIdToken(await signIdToken({ nonce: skewed.nonce, nbf: now() + 10 }));
    await expect(exchange(skewed.auth)).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });
  });

  it('an iat slightly ahead of our clock but within the tolerance is accepted; beyond it, refused', async () => {
    const skewed = await loggedInClient(tolerance);
    respondWithIdToken(await signIdToken({ nonce: skewed.nonce, iat: now() + 10 }));
    await expect(exchange(skewed.auth)).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });

    const future = await loggedInClient(tolerance);
    respondWithIdToken(await signIdToken({ nonce: future.nonce, iat: now() + 90 }));
    const error = await refusal(exchange(future.auth));
    expect(error).toMatchObject({ check: 'iat' });
    expect(error.message).toMatch(/future/);
  });

  it('an iat older than idTokenMaxAgeSec plus the tolerance is refused, naming the limit; just younger, accepted', async () => {
    const options = { ...tolerance, idTokenMaxAgeSec: 300 };
    const fresh = await loggedInClient(options);
    respondWithIdToken(await signIdToken({ nonce: fresh.nonce, iat: now() - 310 }));
    await expect(exchange(fresh.auth)).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });

    const stale = await loggedInClient(options);
    respondWithIdToken(await signIdToken({ nonce: stale.nonce, iat: now() - 350 }));
    const error = await refusal(exchange(stale.auth));
    expect(error).toMatchObject({ check: 'iat' });
    expect(error.message).toContain('more than 300 s ago');
  });

  it('the windows include their edges: an iat exactly the tolerance ahead, or exactly the age limit plus the tolerance old, is accepted', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 0, 15, 9, 30, 0));
    const options = { clockToleranceSec: 30, idTokenMaxAgeSec: 300 };
    const ahead = await loggedInClient(options);
    respondWithIdToken(await signIdToken({ nonce: ahead.nonce, iat: now() + 30 }));
    await expect(exchange(ahead.auth)).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });
    const old = await loggedInClient(options);
    respondWithIdToken(await signIdToken({ nonce: old.nonce, iat: now() - 330 }));
    await expect(exchange(old.auth)).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });
  });

  it('an iat that is not a number is refused', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce, iat: 'yesterday' as never }));
    await refusal(exchange(auth));
  });
});

describe('the nonce guard does not rely on the application’s hook', () => {
  const permissive = (): NonceHooks & { checked: string[] } => {
    const checked: string[] = [];
    return {
      checked,
      save: () => undefined,
      check: (nonce) => {
        checked.push(nonce);
        return true;
      },
    };
  };

  it.each([
    ['no nonce claim', {}],
    ['an empty nonce', { nonce: '' }],
    ['a nonce that is not a string', { nonce: 42 as never }],
  ])('an id_token with %s is refused even by a hook that accepts everything, and the hook is not asked', async (_what, claims) => {
    const hooks = permissive();
    const { auth } = await loggedInClient({}, hooks);
    respondWithIdToken(await signIdToken(claims));
    const error = await refusal(exchange(auth));
    expect(error).toMatchObject({ check: 'nonce' });
    expect(error.message).toMatch(/no nonce/);
    expect(hooks.checked).toEqual([]);
  });

  it('only a hook answering exactly true accepts a nonce: a truthy string is not a yes', async () => {
    const { auth, nonce } = await loggedInClient({}, { save: () => undefined, check: () => 'yes' as never });
    respondWithIdToken(await signIdToken({ nonce }));
    const error = await refusal(exchange(auth));
    expect(error).toMatchObject({ check: 'nonce' });
    expect(error.message).toMatch(/unknown, expired or already used/);
  });

  it('a hook that throws refuses the id_token, saying the hook failed', async () => {
    const { auth, nonce } = await loggedInClient({}, { save: () => undefined, check: () => Promise.reject(new Error('down')) });
    respondWithIdToken(await signIdToken({ nonce }));
    const error = await refusal(exchange(auth));
    expect(error.message).toMatch(/nonce check hook failed/);
  });
});

describe('what each refusal says', () => {
  it('a bad signature, a disallowed algorithm and garbage each say what is wrong', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce }, { secret: 'not-the-client-secret' }));
    expect((await refusal(exchange(auth))).message).toMatch(/HS256 signature does not verify/);
    respondWithIdToken(await signIdToken({ nonce }, { alg: 'HS384', secret: CLIENT_SECRET.repeat(5) }));
    expect((await refusal(exchange(auth))).message).toMatch(/"HS384" is not allowed; only HS256 is/);
    respondWithIdToken('not-a-jwt');
    const garbage = await refusal(exchange(auth));
    expect(garbage).toMatchObject({ check: 'malformed' });
    expect(garbage.message).toMatch(/not a well-formed signed JWT/);
  });

  it('keeps the underlying error as the cause of each refusal jose detected', async () => {
    const { auth, nonce } = await loggedInClient();
    for (const token of [
      await signIdToken({ nonce }, { secret: 'not-the-client-secret' }),
      await signIdToken({ nonce, iss: 'https://evil.example.com' }),
      await signIdToken({ nonce, iat: now() - 100, exp: now() - 90 }),
    ]) {
      respondWithIdToken(token);
      const error = await refusal(exchange(auth));
      expect(error.cause).toBeInstanceOf(Error);
    }
  });

  it('quotes at most 20 characters of a disallowed alg', async () => {
    const { auth } = await loggedInClient();
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    respondWithIdToken(`${part({ alg: `HS256${'x'.repeat(40)}` })}.${part({ sub: 'user-1' })}.c2ln`);
    const error = await refusal(exchange(auth));
    expect(error).toMatchObject({ check: 'alg' });
    expect(error.message).toContain(`the algorithm "HS256${'x'.repeat(15)}" is not allowed`);
  });

  it('an issuer configured with a trailing slash accepts both spellings in the token', async () => {
    for (const iss of ['https://stg-api.gmo-aozora.com', 'https://stg-api.gmo-aozora.com/']) {
      const { auth, nonce } = await loggedInClient({ issuer: 'https://stg-api.gmo-aozora.com/' });
      respondWithIdToken(await signIdToken({ nonce, iss }));
      await expect(exchange(auth)).resolves.toMatchObject({ tokens: { access_token: 'access-1' } });
    }
  });

  it('a wrong issuer names the claim that failed', async () => {
    const { auth, nonce } = await loggedInClient();
    respondWithIdToken(await signIdToken({ nonce, iss: 'https://evil.example.com' }));
    const error = await refusal(exchange(auth));
    expect(error).toMatchObject({ check: 'iss' });
    expect(error.message).toMatch(/iss claim failed/);
  });
});
