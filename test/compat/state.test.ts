import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { AuthorizationError, StateMismatchError } from 'gmo-aozora-auth';
import * as stateModule from '../../src/auth/state.js';
import { CLIENT_ID, CLIENT_SECRET, compatClient, createFakeBank, nonceSet, REDIRECT_URI, STAGING } from './helpers.js';

// The library's state helpers, spied on (behaviour unchanged) to see that checkState goes
// through the constant-time comparison rather than `===`.
vi.mock('../../src/auth/state.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/auth/state.js')>();
  return { ...original, assertStateMatches: vi.fn(original.assertStateMatches) };
});

const ganbLib = (options: Parameters<typeof compatClient>[1] = {}) => compatClient(createFakeBank(), options);

async function stateOf(lib: ReturnType<typeof ganbLib>, sessionID: string): Promise<string> {
  return new URL(await lib.oAuth.authorization(sessionID, 'private:account', REDIRECT_URI)).searchParams.get('state')!;
}

/** The old SDK's state: sha256_hex(sessionID + SALT). */
const oldSdkState = (sessionID: string, salt: string) =>
  createHash('sha256')
    .update(sessionID + salt)
    .digest('hex');

/** The documented derivation, computed with node:crypto: HMAC-SHA-256(HKDF-SHA-256(secret), sessionID). */
function documentedState(secret: string, sessionID: string, clientId = CLIENT_ID): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'gmo-aozora-auth/compat', `GanbLib state v1\u0000${clientId}`, 32));
  return createHmac('sha256', key).update(sessionID).digest('hex');
}

describe('oAuth.authorization', () => {
  it('returns the bank’s authorization URL with the keyed state and no nonce', async () => {
    const nonces = nonceSet();
    const url = new URL(await ganbLib({ nonceCallbacks: nonces.callbacks }).oAuth.authorization('session-1', 'private:account offline_access', REDIRECT_URI));
    expect(`${url.origin}${url.pathname}`).toBe(`${STAGING}/authorization`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope: 'private:account offline_access',
      state: documentedState(CLIENT_SECRET, 'session-1'),
    });
    expect(nonces.save).not.toHaveBeenCalled();
  });
});

describe('the state', () => {
  it('is HMAC-SHA-256 of the session id under an HKDF key from the client secret: 64 hex characters, like the old one', async () => {
    const state = await stateOf(ganbLib(), 'session-1');
    expect(state).toMatch(/^[0-9a-f]{64}$/);
    expect(state).toBe(documentedState(CLIENT_SECRET, 'session-1'));
  });

  it('is the same for a session every time, and differs between sessions and between keys', async () => {
    const lib = ganbLib();
    expect(await stateOf(lib, 'session-1')).toBe(await stateOf(lib, 'session-1'));
    expect(await stateOf(lib, 'session-1')).not.toBe(await stateOf(lib, 'session-2'));
    expect(await stateOf(lib, 'session-1')).not.toBe(await stateOf(ganbLib({ clientSecret: 'another-client-secret' }), 'session-1'));
  });

  it('comes from stateSecret when given, so a client secret rotation keeps states valid', async () => {
    const stateSecret = 'a-separate-state-secret-0123456789';
    const before = ganbLib({ stateSecret });
    const after = ganbLib({ stateSecret, clientSecret: 'the-rotated-client-secret' });
    const state = await stateOf(before, 'session-1');
    expect(state).toBe(documentedState(stateSecret, 'session-1'));
    await expect(after.oAuth.checkState('session-1', state)).resolves.toBeUndefined();
  });

  it('is not the old SDK’s sha256(sessionID + salt), for any salt the caller might have used', async () => {
    const lib = ganbLib({ stateSecret: 'PleaseDefineYourself' });
    for (const salt of ['PleaseDefineYourself', 'jhawd7823u2jhwjh', CLIENT_SECRET, '']) {
      await expect(lib.oAuth.checkState('session-1', oldSdkState('session-1', salt))).rejects.toBeInstanceOf(StateMismatchError);
    }
  });
});

describe('oAuth.checkState', () => {
  it('accepts the state built for the session, compared by the library’s constant-time check', async () => {
    const lib = ganbLib();
    const state = await stateOf(lib, 'session-1');
    vi.mocked(stateModule.assertStateMatches).mockClear();
    await expect(lib.oAuth.checkState('session-1', state)).resolves.toBeUndefined();
    await expect(lib.openID.checkState('session-1', state)).resolves.toBeUndefined();
    expect(vi.mocked(stateModule.assertStateMatches).mock.calls).toEqual([
      [state, state],
      [state, state],
    ]);
  });

  it.each([
    ['another session’s state', async (lib: ReturnType<typeof ganbLib>) => stateOf(lib, 'session-2')],
    [
      'the state with one character changed',
      async (lib: ReturnType<typeof ganbLib>) => (await stateOf(lib, 'session-1')).replace(/^./, (c) => (c === '0' ? '1' : '0')),
    ],
    ['a prefix of the state', async (lib: ReturnType<typeof ganbLib>) => (await stateOf(lib, 'session-1')).slice(0, 32)],
    ['an empty state', async () => ''],
    ['no state', async () => null],
    ['undefined', async () => undefined],
  ])('refuses %s with StateMismatchError', async (_, received) => {
    const lib = ganbLib();
    await expect(lib.oAuth.checkState('session-1', await received(lib))).rejects.toBeInstanceOf(StateMismatchError);
  });
});

describe('oAuth.parseCallback', () => {
  it('returns the code when the callback’s state belongs to the session', async () => {
    const lib = ganbLib();
    const state = await stateOf(lib, 'session-1');
    await expect(lib.oAuth.parseCallback('session-1', `${REDIRECT_URI}?code=code-1&state=${state}`)).resolves.toEqual({ code: 'code-1', state });
  });

  it('refuses another session’s callback before reading its code or error', async () => {
    const lib = ganbLib();
    const state = await stateOf(lib, 'session-2');
    await expect(lib.oAuth.parseCallback('session-1', `${REDIRECT_URI}?code=code-1&state=${state}`)).rejects.toBeInstanceOf(StateMismatchError);
    await expect(lib.oAuth.parseCallback('session-1', `${REDIRECT_URI}?error=access_denied&state=${state}`)).rejects.toBeInstanceOf(StateMismatchError);
  });

  it('turns an error redirect into an AuthorizationError', async () => {
    const lib = ganbLib();
    const state = await stateOf(lib, 'session-1');
    const error = await lib.oAuth.parseCallback('session-1', `?error=access_denied&state=${state}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationError);
    expect((error as AuthorizationError).error).toBe('access_denied');
  });
});
