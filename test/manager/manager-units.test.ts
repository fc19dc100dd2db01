// The token manager's decisions that need no bank: a scripted client stands in for it.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  createMemoryTokenStore,
  createTokenManager,
  InvalidInputError,
  type RefreshInput,
  StoreError,
  type TokenManagerEvent,
  type IdTokenClaims,
  type TokenResult,
  type TokenSet,
  type TokenStore,
} from 'gmo-aozora-auth';

const ACCESS = 'access-token-secret-value-0001';
const REFRESH = 'refresh-token-secret-value-0001';
const NOW = Date.parse('2026-11-25T12:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

/** Fields to change in a response; `undefined` removes one, as a bank that leaves it out. */
type ResponseOverrides = { [K in keyof TokenSet]?: TokenSet[K] | undefined };

/** A client whose refresh answers with numbered tokens, recording what it was given. */
function scriptedClient(response: (n: number) => ResponseOverrides = () => ({})) {
  const calls: RefreshInput[] = [];
  return {
    calls,
    config: { timeoutMs: 2_000, retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 1_000 } },
    async refresh(input: RefreshInput): Promise<TokenResult> {
      calls.push(input);
      const n = calls.length;
      return {
        tokens: { access_token: `access-${n}-secret`, refresh_token: `refresh-${n}-secret`, token_type: 'Bearer', expires_in: 600, ...response(n) } as TokenSet,
      };
    },
  };
}

/** The result of a login: its response, and the verified claims when given. */
const login = (extra: ResponseOverrides = {}, idTokenClaims?: IdTokenClaims): TokenResult => {
  const tokens = { access_token: ACCESS, refresh_token: REFRESH, token_type: 'Bearer', expires_in: 600, ...extra } as TokenSet;
  return idTokenClaims ? { tokens, idTokenClaims } : { tokens };
};

describe('records', () => {
  it('save stores a plain, serialisable record with an absolute expiry', async () => {
    const manager = createTokenManager({ client: scriptedClient() });
    const claims = { iss: 'https://api.gmo-aozora.com', sub: 'user', aud: 'client', exp: 1, iat: 1 };
    const record = await manager.save('k', login({ scope: 'openid offline_access', id_token: 'x.y.z' }, claims));
    const expected = {
      accessToken: ACCESS,
      refreshToken: REFRESH,
      tokenType: 'Bearer',
      scope: 'openid offline_access',
      expiresAt: NOW + 600_000,
      idTokenClaims: claims,
    };
    expect(JSON.parse(JSON.stringify(record))).toEqual(expected);
    expect(JSON.parse(JSON.stringify(await manager.get('k')))).toEqual(expected);
  });

  it('a missing expires_in is taken as one hour (assumedLifetimeSec), on save and on refresh', async () => {
    const client = scriptedClient(() => ({ expires_in: undefined }));
    const manager = createTokenManager({ client });
    const { expires_in: _, ...response } = login().tokens;
    const withoutLifetime = { tokens: response };
    expect((await manager.save('k', withoutLifetime)).expiresAt).toBe(NOW + 3_600_000);
    vi.setSystemTime(NOW + 3_600_000 - 30_000);
    await manager.accessToken('k');
    expect((await manager.get('k'))?.expiresAt).toBe(NOW + 2 * 3_600_000 - 30_000);

    const patient = createTokenManager({ client, assumedLifetimeSec: 86_400 });
    expect((await patient.save('k', withoutLifetime)).expiresAt).toBe(Date.now() + 86_400_000);
  });

  it('keeps the refresh token, scope and id_token claims when a refresh answer omits them', async () => {
    const claims = { iss: 'https://api.gmo-aozora.com', sub: 'user', aud: 'client', exp: 1, iat: 1 };
    const client = scriptedClient(() => ({ refresh_token: undefined }));
    const manager = createTokenManager({ client });
    await manager.save('k', login({ scope: 'openid offline_access' }, claims));
    vi.setSystemTime(NOW + 600_000);
    await manager.accessToken('k');
    expect(await manager.get('k')).toMatchObject({
      accessToken: 'access-1-secret',
      refreshToken: REFRESH,
      scope: 'openid offline_access',
      idTokenClaims: claims,
    });
    expect(client.calls[0]).toEqual({ refreshToken: REFRESH, originalIdTokenClaims: claims });
  });

  it('refuses what is not a token result, before storing anything', async () => {
    const manager = createTokenManager({ client: scriptedClient() });
    await expect(manager.save('k', { tokens: { token_type: 'Bearer' } } as unknown as TokenResult)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'result.tokens.access_token',
    });
    await expect(manager.save('k', login({}, { sub: 'user' } as IdTokenClaims))).rejects.toMatchObject({ field: 'result.idTokenClaims' });
    await expect(manager.save('', login())).rejects.toMatchObject({ field: 'key' });
    expect(await manager.get('k')).toBeUndefined();
  });

  it('refuses a bare token response (the result shape before 0.2) and says what to pass instead', async () => {
    const manager = createTokenManager({ client: scriptedClient() });
    const error = await manager.save('k', login().tokens as unknown as TokenResult).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'result' });
    expect((error as Error).message).toMatch(/\{ tokens, idTokenClaims \}/);
    expect(await manager.get('k')).toBeUndefined();
  });

  it('a client whose refresh resolves to a bare token answer fails loudly, and the stored tokens stay', async () => {
    const bare = { refresh: async () => login().tokens as unknown as TokenResult };
    const manager = createTokenManager({ client: bare });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    await expect(manager.accessToken('k')).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'the result of client.refresh' });
    expect((await manager.get('k'))?.accessToken).toBe(ACCESS);
  });

  it('stores no claims a token answer carries as a field: only the result’s verified idTokenClaims', async () => {
    const manager = createTokenManager({ client: scriptedClient() });
    const forged = { iss: 'https://api.gmo-aozora.com', sub: 'admin', aud: 'client', exp: 1, iat: 1 };
    const record = await manager.save('k', login({ idTokenClaims: forged } as ResponseOverrides));
    expect(record).not.toHaveProperty('idTokenClaims');
  });
});

describe('without a refresh token', () => {
  it('a token inside the window serves until it expires, then the session needs a login', async () => {
    const client = scriptedClient();
    const events: TokenManagerEvent[] = [];
    const manager = createTokenManager({ client, onEvent: (event) => events.push(event) });
    await manager.save('k', login({ refresh_token: undefined }));
    vi.setSystemTime(NOW + 590_000);
    expect(await manager.accessToken('k')).toBe(ACCESS);
    vi.setSystemTime(NOW + 600_000);
    await expect(manager.accessToken('k')).rejects.toMatchObject({ code: 'LOGIN_REQUIRED', message: expect.stringContaining('no refresh token') });
    expect(await manager.get('k')).toBeUndefined();
    expect(client.calls).toEqual([]);
    expect(events).toEqual([{ type: 'login-required', reason: 'expired-without-refresh-token' }]);
  });
});

describe('stores', () => {
  it('a failing store gives StoreError, with the store error as cause and not in the message', async () => {
    const broken: TokenStore = {
      ...createMemoryTokenStore(),
      get: async () => {
        throw new Error(`connection lost while reading ${ACCESS}`);
      },
    };
    const manager = createTokenManager({ client: scriptedClient(), store: broken });
    const error = await manager.accessToken('k').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_ERROR');
    expect((error as StoreError).cause).toBeInstanceOf(Error);
    // The cause is the store's own error, shown as it is; the manager's message does not repeat it.
    expect((error as StoreError).message + JSON.stringify(error)).not.toContain(ACCESS);
  });

  it('a record that is not a token record is a StoreError, not an undefined token', async () => {
    const store = createMemoryTokenStore();
    await store.set('k', { accessToken: 42 } as never);
    await expect(createTokenManager({ client: scriptedClient(), store }).accessToken('k')).rejects.toBeInstanceOf(StoreError);
  });

  it('refreshed tokens that cannot be stored fail the callers with StoreError', async () => {
    const store = createMemoryTokenStore();
    const failingWrites: TokenStore = {
      ...store,
      compareAndSet: async () => {
        throw new Error('READONLY');
      },
    };
    const manager = createTokenManager({ client: scriptedClient(), store: failingWrites });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    await expect(manager.accessToken('k')).rejects.toBeInstanceOf(StoreError);
  });

  it('two managers sharing a store with a lock refresh once between them', async () => {
    const store = createMemoryTokenStore();
    const client = scriptedClient();
    const events: TokenManagerEvent[] = [];
    const first = createTokenManager({ client, store, onEvent: (event) => events.push(event) });
    const second = createTokenManager({ client, store, onEvent: (event) => events.push(event) });
    await first.save('k', login());
    vi.setSystemTime(NOW + 590_000);
    const results = await Promise.all([first, second, first, second].map((manager) => manager.accessToken('k')));
    expect(client.calls).toHaveLength(1);
    expect(new Set(results)).toEqual(new Set(['access-1-secret']));
    expect(events.filter((event) => event.type === 'refreshed-elsewhere')).toHaveLength(1);
  });

  it('takes the lock with a TTL sized from the client, and releases it even when the refresh fails', async () => {
    const store = createMemoryTokenStore();
    const taken: number[] = [];
    let released = 0;
    const watched: TokenStore = {
      ...store,
      async acquireRefreshLock(key, options) {
        taken.push(options.ttlMs);
        const lock = await store.acquireRefreshLock!(key, options);
        return {
          release: () => {
            released++;
            return lock.release();
          },
        };
      },
    };
    const client = scriptedClient();
    const failing = { ...client, refresh: async () => Promise.reject(new Error('boom')) };
    const manager = createTokenManager({ client: failing, store: watched });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    await expect(manager.accessToken('k')).rejects.toThrow('boom');
    // 2 tries × 2 000 ms + 1 wait ≤ 1 000 ms + 5 000 ms margin.
    expect(taken).toEqual([10_000]);
    expect(released).toBe(1);
    expect(JSON.parse(JSON.stringify(createTokenManager({ client: { refresh: client.refresh } }))).lockTtlMs).toBe(55_000);
    expect(JSON.parse(JSON.stringify(createTokenManager({ client, lockTtlMs: 1234 }))).lockTtlMs).toBe(1234);
  });
});

describe('the lock comes after the in-process single-flight', () => {
  it('200 concurrent callers of one process take the store lock once', async () => {
    const store = createMemoryTokenStore();
    let acquired = 0;
    const counting: TokenStore = {
      ...store,
      acquireRefreshLock: (key, options) => {
        acquired++;
        return store.acquireRefreshLock!(key, options);
      },
    };
    const client = scriptedClient();
    const manager = createTokenManager({ client, store: counting });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 590_000);
    await Promise.all(Array.from({ length: 200 }, () => manager.accessToken('k')));
    expect(acquired).toBe(1);
    expect(client.calls).toHaveLength(1);
  });
});

describe('arguments', () => {
  it('refuses a bad key, rejectedToken or signal before touching the store', async () => {
    const manager = createTokenManager({ client: scriptedClient() });
    await expect(manager.accessToken(42 as never)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'key' });
    await expect(manager.accessToken('k', { rejectedToken: 42 as never })).rejects.toMatchObject({ field: 'rejectedToken' });
    await expect(manager.accessToken('k', { signal: 'stop' as never })).rejects.toMatchObject({ field: 'signal' });
  });

  it('an already-fired signal rejects with AbortedError', async () => {
    const manager = createTokenManager({ client: scriptedClient() });
    await manager.save('k', login());
    await expect(manager.accessToken('k', { signal: AbortSignal.abort(new Error('gone')) })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('secrets and listeners', () => {
  it('neither the manager, its records, its events nor its errors show a token or the session key', async () => {
    const seen: TokenManagerEvent[] = [];
    const key = 'session-id-secret-value';
    const client = scriptedClient();
    const manager = createTokenManager({ client, onEvent: (event) => seen.push(event) });
    const record = await manager.save(key, login());
    vi.setSystemTime(NOW + 600_000);
    await manager.accessToken(key);
    const failing = createTokenManager({ client: { refresh: async () => Promise.reject(new Error('x')) }, onEvent: (event) => seen.push(event) });
    const error = await failing.accessToken(key).catch((caught: unknown) => caught);
    const shown = [
      inspect(manager),
      JSON.stringify(manager),
      inspect(record),
      inspect(await manager.get(key)),
      JSON.stringify(seen),
      inspect(error),
      JSON.stringify(error),
    ].join('\n');
    for (const secret of [ACCESS, REFRESH, 'access-1-secret', 'refresh-1-secret', key]) expect(shown).not.toContain(secret);
    expect(inspect(record)).toContain('acce…');
  });

  it('a throwing listener changes no outcome', async () => {
    const manager = createTokenManager({
      client: scriptedClient(),
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    expect(await manager.accessToken('k')).toBe('access-1-secret');
  });
});

describe('options', () => {
  it.each([
    [{ client: {} }, 'client'],
    [{ client: scriptedClient(), store: { get: async () => undefined } }, 'store'],
    [{ client: scriptedClient(), refreshWindowSec: -1 }, 'refreshWindowSec'],
    [{ client: scriptedClient(), assumedLifetimeSec: 0 }, 'assumedLifetimeSec'],
    [{ client: scriptedClient(), lockTtlMs: Number.NaN }, 'lockTtlMs'],
    [{ client: scriptedClient(), onEvent: 'log' }, 'onEvent'],
  ])('refuses %o at creation', (options, option) => {
    expect(() => createTokenManager(options as never)).toThrow(ConfigurationError);
    expect(() => createTokenManager(options as never)).toThrow(expect.objectContaining({ option }));
  });

  it('refreshWindowSec decides when a token is renewed', async () => {
    const client = scriptedClient();
    const manager = createTokenManager({ client, refreshWindowSec: 300 });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 299_000);
    expect(await manager.accessToken('k')).toBe(ACCESS);
    vi.setSystemTime(NOW + 300_000);
    expect(await manager.accessToken('k')).toBe('access-1-secret');
  });
});
