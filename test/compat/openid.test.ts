import { describe, expect, it, vi } from 'vitest';
import { IdTokenError } from 'gmo-aozora-auth';
import type { NonceCallbacks } from 'gmo-aozora-auth/compat';
import type { FakeTokenEndpoint } from '../support/token-endpoint.js';
import { compatClient, createFakeBank, jsonResponse, nonceSet, REDIRECT_URI, signIdToken, TOKENS } from './helpers.js';

/** Starts an OpenID Connect login and makes the bank answer with an id_token carrying its nonce. */
async function openIdLogin(bank: FakeTokenEndpoint, lib: ReturnType<typeof compatClient>, idTokenSecret?: string) {
  const url = new URL(await lib.openID.authorization('session-1', 'private:account', REDIRECT_URI));
  const nonce = url.searchParams.get('nonce')!;
  const idToken = await signIdToken({ nonce }, { secret: idTokenSecret });
  bank.respondWith(() => jsonResponse({ ...TOKENS, scope: 'openid private:account', id_token: idToken }));
  return { url, nonce, idToken };
}

const params = { code: 'code-1', authMethod: 'basic' as const, redirect_uri: REDIRECT_URI };

describe('openID.authorization', () => {
  it.each([
    ['adds openid to a scope without it', 'private:account', 'openid private:account'],
    ['keeps a scope that has it', 'private:account openid', 'private:account openid'],
    ['adds it to a scope list', ['private:account'], 'openid private:account'],
  ])('%s, and saves the URL’s nonce through the save callback', async (_, scope, expected) => {
    const nonces = nonceSet();
    const url = new URL(await compatClient(createFakeBank(), { nonceCallbacks: nonces.callbacks }).openID.authorization('session-1', scope, REDIRECT_URI));
    expect(url.searchParams.get('scope')).toBe(expected);
    const nonce = url.searchParams.get('nonce');
    expect(nonce).toMatch(/^[\w-]{43}$/);
    expect(nonces.save.mock.calls).toEqual([[nonce]]);
    expect(url.searchParams.get('state')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('openID.getToken', () => {
  it('verifies the id_token, then checks and consumes its nonce through the check callback', async () => {
    const bank = createFakeBank();
    const nonces = nonceSet();
    const lib = compatClient(bank, { nonceCallbacks: nonces.callbacks });
    const { nonce, idToken } = await openIdLogin(bank, lib);
    const tokens = await lib.openID.getToken(params);
    expect(tokens.id_token).toBe(idToken);
    expect(tokens.idTokenClaims).toMatchObject({ nonce, sub: 'user-1' });
    expect(nonces.check.mock.calls).toEqual([[nonce]]);
    expect(nonces.saved.size).toBe(0);

    // The same id_token again (a replay): the nonce is spent.
    const replay = await lib.openID.getToken(params).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(IdTokenError);
    expect((replay as IdTokenError).check).toBe('nonce');
  });

  it('accepts async callbacks', async () => {
    const bank = createFakeBank();
    const saved = new Set<string>();
    const callbacks: NonceCallbacks = [async (nonce) => void saved.add(nonce), async (nonce) => saved.delete(nonce)];
    const lib = compatClient(bank, { nonceCallbacks: callbacks });
    await openIdLogin(bank, lib);
    await expect(lib.openID.getToken(params)).resolves.toMatchObject({ access_token: TOKENS.access_token });
  });

  it.each([
    ['1', () => 1],
    ['a non-empty string', () => 'yes'],
    ['undefined (the seed’s unimplemented callback)', () => undefined],
  ])('refuses the id_token when check returns %s: only true counts (the old SDK took any truthy value)', async (_, result) => {
    const bank = createFakeBank();
    const lib = compatClient(bank, { nonceCallbacks: [() => undefined, result as unknown as () => boolean] });
    await openIdLogin(bank, lib);
    const error = await lib.openID.getToken(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdTokenError);
    expect((error as IdTokenError).check).toBe('nonce');
  });

  it('does not spend the nonce on an id_token whose signature fails (the old SDK consumed it first)', async () => {
    const bank = createFakeBank();
    const nonces = nonceSet();
    const lib = compatClient(bank, { nonceCallbacks: nonces.callbacks });
    await openIdLogin(bank, lib, 'not-the-client-secret-at-all');
    const error = await lib.openID.getToken(params).catch((e: unknown) => e);
    expect((error as IdTokenError).check).toBe('signature');
    expect(nonces.check).not.toHaveBeenCalled();
    expect(nonces.saved.size).toBe(1);
  });

  it('rejects with IdTokenError "missing" when no id_token comes back (the old SDK resolved to false)', async () => {
    const bank = createFakeBank();
    const error = await compatClient(bank)
      .openID.getToken(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdTokenError);
    expect((error as IdTokenError).check).toBe('missing');
    expect(bank.seen).toHaveLength(1);
  });

  it('with no nonceCallbacks, shares one in-memory store between both auth methods', async () => {
    const bank = createFakeBank();
    const lib = compatClient(bank);
    await openIdLogin(bank, lib);
    // Built with the default (basic) client, redeemed through the lazily created post one.
    await expect(lib.openID.getToken({ ...params, authMethod: 'post' })).resolves.toMatchObject({ access_token: TOKENS.access_token });
    expect(bank.seen[0]?.authorization).toBeNull();
  });

  it('surfaces a check callback that throws as IdTokenError, with the callback’s error as cause', async () => {
    const bank = createFakeBank();
    const failure = new Error('session store down');
    const lib = compatClient(bank, { nonceCallbacks: [vi.fn(), () => Promise.reject(failure)] });
    await openIdLogin(bank, lib);
    const error = (await lib.openID.getToken(params).catch((e: unknown) => e)) as IdTokenError;
    expect(error).toBeInstanceOf(IdTokenError);
    expect(error.cause).toBe(failure);
  });
});
