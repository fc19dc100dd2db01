// What the token manager decides when a refresh fails, a store misbehaves or a session is gone
// meanwhile: each decision is a promise to callers (keep serving the still-valid token, or send
// the user to a new login, or fail loudly), so each is pinned here through the public API.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  ConfigurationError,
  ConsentError,
  createMemoryTokenStore,
  createTokenManager,
  IdTokenError,
  InvalidResponseError,
  LoginRequiredError,
  NetworkError,
  OAuthError,
  StoreError,
  TimeoutError,
  type TokenManager,
  type TokenManagerEvent,
  type TokenResult,
  type TokenSet,
  type TokenStore,
} from 'gmo-aozora-auth';

const ACCESS = 'access-token-of-the-login-0001';
const NOW = Date.parse('2026-11-25T12:00:00Z');
/** Inside the default 60 s refresh window of a 600 s token: renewed, but still valid. */
const EXPIRING = NOW + 570_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

/** Fields to change in the login's response; `undefined` leaves one out, as a bank that omits it. */
type ResponseOverrides = { [K in keyof TokenSet]?: TokenSet[K] | undefined };

/** The result of a login (no id_token): its response, with `extra` changes. */
const login = (extra: ResponseOverrides = {}): TokenResult => ({
  tokens: { access_token: ACCESS, refresh_token: 'refresh-token-of-the-login-0001', token_type: 'Bearer', expires_in: 600, ...extra } as TokenSet,
});

/** A manager whose client's refresh fails with `failure`, and the events it emitted. */
async function managerFailingWith(failure: unknown, store: TokenStore = createMemoryTokenStore()) {
  const events: TokenManagerEvent[] = [];
  const manager = createTokenManager({ client: { refresh: () => Promise.reject(failure) }, store, onEvent: (event) => events.push(event) });
  await manager.save('k', login());
  return { manager, events };
}

describe('a failed refresh while the access token is still valid', () => {
  // The token is still good for 30 s: a failure that may pass by itself must not fail the caller.
  it.each([
    ['a 429 without an OAuth error body', new InvalidResponseError({ status: 429, reason: 'unexpected_status', detail: 'busy' })],
    ['a 500 gateway page', new InvalidResponseError({ status: 500, reason: 'unexpected_status', detail: 'down' })],
    ['an OAuth error with status 500', new OAuthError({ error: 'invalid_request', status: 500 })],
    ['server_error with status 400', new OAuthError({ error: 'server_error', status: 400 })],
    ['a network failure', new NetworkError(new TypeError('fetch failed'), 'request')],
    ['a timeout', new TimeoutError(1_000)],
  ])('%s: the still-valid token is returned and refresh-failed reported', async (_, failure) => {
    const { manager, events } = await managerFailingWith(failure);
    vi.setSystemTime(EXPIRING);
    await expect(manager.accessToken('k')).resolves.toBe(ACCESS);
    expect(events).toContainEqual({ type: 'refresh-failed', reason: 'expiring', error: failure.code, expiresInMs: 30_000 });
  });

  // A refusal that will not pass by waiting is the caller's to see, even while the token lasts.
  it.each([
    ['a 400 without an OAuth error body', new InvalidResponseError({ status: 400, reason: 'unexpected_status', detail: 'no' })],
    ['a 499 without an OAuth error body', new InvalidResponseError({ status: 499, reason: 'unexpected_status', detail: 'no' })],
    ['invalid_client with status 401', new OAuthError({ error: 'invalid_client', status: 401 })],
    ['invalid_request with status 499', new OAuthError({ error: 'invalid_request', status: 499 })],
    ['a refused id_token', new IdTokenError('sub', 'another user')],
    ['an error that is not the library’s', new TypeError('client.refresh is broken')],
    // Another HTTP library's error may carry a code that reads like ours: only our own errors are trusted to be transient.
    ['another library’s error that merely carries code TIMEOUT', Object.assign(new Error('socket timed out'), { code: 'TIMEOUT' })],
  ])('%s: the error is thrown, and the tokens kept', async (_, failure) => {
    const { manager } = await managerFailingWith(failure);
    vi.setSystemTime(EXPIRING);
    await expect(manager.accessToken('k')).rejects.toBe(failure);
    expect(await manager.get('k')).toMatchObject({ accessToken: ACCESS });
  });
});

describe('what refresh-failed reports', () => {
  it('an error that is not the library’s is reported as UNKNOWN, with the reason and the time left', async () => {
    const { manager, events } = await managerFailingWith(new TypeError('client.refresh is broken'));
    vi.setSystemTime(EXPIRING);
    await expect(manager.accessToken('k')).rejects.toBeInstanceOf(TypeError);
    expect(events).toContainEqual({ type: 'refresh-failed', reason: 'expiring', error: 'UNKNOWN', expiresInMs: 30_000 });
  });
});

describe('what a refresh reports', () => {
  it('a token renewed at the very moment it expires is reported as expired, not expiring', async () => {
    const events: TokenManagerEvent[] = [];
    const manager = createTokenManager({ client: { refresh: async () => login() }, onEvent: (event) => events.push(event) });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    await manager.accessToken('k');
    expect(events[0]).toEqual({ type: 'refresh', reason: 'expired' });
  });

  it('refreshed carries how long the refresh took', async () => {
    const events: TokenManagerEvent[] = [];
    const refresh = async () => {
      vi.setSystemTime(Date.now() + 1_500);
      return login();
    };
    const manager = createTokenManager({ client: { refresh }, onEvent: (event) => events.push(event) });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    await manager.accessToken('k');
    expect(events).toContainEqual({ type: 'refreshed', durationMs: 1_500 });
  });
});

describe('only the bank’s invalid_grant ends a session', () => {
  it.each([
    ['a timeout', new TimeoutError(1_000)],
    ['an error that merely carries error: invalid_grant', new ConsentError(400, 'refused', { error: 'invalid_grant' })],
  ])('%s on an expired token is thrown, and the tokens kept for the next try', async (_, failure) => {
    const { manager, events } = await managerFailingWith(failure);
    vi.setSystemTime(NOW + 600_000);
    await expect(manager.accessToken('k')).rejects.toBe(failure);
    expect(await manager.get('k')).toMatchObject({ accessToken: ACCESS });
    expect(events.map((event) => event.type)).toEqual(['refresh', 'refresh-failed']);
  });
});

describe('a session that cannot be renewed', () => {
  it('a token the bank refused, with no refresh token to renew it: the tokens are removed and a login required', async () => {
    const events: TokenManagerEvent[] = [];
    const manager = createTokenManager({ client: { refresh: () => Promise.reject(new Error('not called')) }, onEvent: (event) => events.push(event) });
    await manager.save('k', login({ refresh_token: undefined }));
    const error = await manager.accessToken('k', { rejectedToken: ACCESS }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginRequiredError);
    expect((error as Error).message).toContain('refused the access token and there is no refresh token');
    expect(events).toEqual([{ type: 'login-required', reason: 'rejected-without-refresh-token' }]);
    expect(await manager.get('k')).toBeUndefined();
  });

  it('a token without refresh token that expires while this caller waits for the lock is not handed out', async () => {
    const store = createMemoryTokenStore();
    const events: TokenManagerEvent[] = [];
    const slowLock: TokenStore = {
      ...store,
      async acquireRefreshLock(key, options) {
        // Another instance held the lock until the very moment the token expires.
        vi.setSystemTime(NOW + 600_000);
        return store.acquireRefreshLock!(key, options);
      },
    };
    const manager = createTokenManager({
      client: { refresh: () => Promise.reject(new Error('not called')) },
      store: slowLock,
      onEvent: (event) => events.push(event),
    });
    await manager.save('k', login({ refresh_token: undefined }));
    vi.setSystemTime(EXPIRING);
    await expect(manager.accessToken('k')).rejects.toBeInstanceOf(LoginRequiredError);
    expect(events).toEqual([{ type: 'login-required', reason: 'expired-without-refresh-token' }]);
    expect(await manager.get('k')).toBeUndefined();
  });

  it('a logout while the refresh was on its way: the refreshed tokens are not stored, and a login is required', async () => {
    const events: TokenManagerEvent[] = [];
    let manager: TokenManager | undefined;
    const refresh = async () => {
      await manager!.delete('k');
      return login({ access_token: 'access-token-refreshed-0002' });
    };
    manager = createTokenManager({ client: { refresh }, onEvent: (event) => events.push(event) });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    const error = await manager.accessToken('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginRequiredError);
    expect((error as Error).message).toContain('no tokens are stored for this session');
    expect(events).toEqual([{ type: 'refresh', reason: 'expired' }, { type: 'write-conflict' }, { type: 'login-required', reason: 'no-tokens' }]);
    expect(await manager.get('k')).toBeUndefined();
  });

  it('a logout while this caller waited for the refresh lock: a login is required, and no refresh sent', async () => {
    const store = createMemoryTokenStore();
    const refresh = vi.fn();
    const events: TokenManagerEvent[] = [];
    const loggedOutMeanwhile: TokenStore = {
      ...store,
      async acquireRefreshLock(key, options) {
        const lock = await store.acquireRefreshLock!(key, options);
        await store.delete(key);
        return lock;
      },
    };
    const manager = createTokenManager({ client: { refresh }, store: loggedOutMeanwhile, onEvent: (event) => events.push(event) });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    const error = await manager.accessToken('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginRequiredError);
    expect((error as Error).message).toContain('no tokens are stored for this session');
    expect(events).toEqual([{ type: 'login-required', reason: 'no-tokens' }]);
    expect(refresh).not.toHaveBeenCalled();
  });
});

describe('a caller that stops waiting', () => {
  it('gets AbortedError when its signal fires during the refresh; the refresh completes and is stored', async () => {
    const refreshed = login({ access_token: 'access-token-refreshed-0002' });
    let httpResponse: (result: TokenResult) => void = () => undefined;
    let started: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => (started = resolve));
    const refresh = () => {
      started();
      return new Promise<TokenResult>((resolve) => (httpResponse = resolve));
    };
    const manager = createTokenManager({ client: { refresh } });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    const controller = new AbortController();
    const leaving = manager.accessToken('k', { signal: controller.signal });
    const staying = manager.accessToken('k');
    await sent;
    controller.abort(new Error('client went away'));
    const stillWaiting = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_000));
    const reason = await Promise.race([leaving.catch((e: unknown) => e), stillWaiting]);
    expect(reason).toBeInstanceOf(AbortedError);
    expect((reason as Error).cause).toEqual(new Error('client went away'));
    httpResponse(refreshed);
    await expect(staying).resolves.toBe('access-token-refreshed-0002');
    expect((await manager.get('k'))?.accessToken).toBe('access-token-refreshed-0002');
  });
});

describe('the store', () => {
  it('a store failure is a StoreError saying what failed, with the store’s error as cause', async () => {
    const cause = new Error('READONLY You can’t write against a read only replica.');
    const store: TokenStore = { ...createMemoryTokenStore(), get: () => Promise.reject(cause) };
    const error = await createTokenManager({ client: { refresh: async () => login() }, store })
      .accessToken('k')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe('the token store failed to read the tokens');
    expect((error as Error).cause).toBe(cause);
  });

  const down = () => Promise.reject(new Error('ECONNREFUSED'));
  const invalidGrant = (): Promise<TokenResult> => Promise.reject(new OAuthError({ error: 'invalid_grant', status: 400 }));
  const refreshes = async (): Promise<TokenResult> => login();
  /** The store call that fails, the store methods that fail, what the caller does, and how the bank answers a refresh. */
  type FailingCall = [string, Partial<TokenStore>, (manager: TokenManager) => Promise<unknown>, (() => Promise<TokenResult>)?];
  it.each<FailingCall>([
    ['save the tokens', { set: down }, async (manager: TokenManager) => manager.save('k', login())],
    ['remove the tokens', { delete: down }, async (manager: TokenManager) => manager.delete('k')],
    ['take the refresh lock', { acquireRefreshLock: down }, async (manager: TokenManager) => manager.accessToken('k')],
    ['store the refreshed tokens', { compareAndSet: down }, async (manager: TokenManager) => manager.accessToken('k')],
    ['remove the refused tokens', { compareAndSet: down }, async (manager: TokenManager) => manager.accessToken('k'), invalidGrant],
    [
      'remove the tokens',
      { delete: down },
      async (manager: TokenManager) => {
        await manager.save('k', login({ refresh_token: undefined }));
        vi.setSystemTime(Date.now() + 600_000);
        return manager.accessToken('k');
      },
    ],
  ])('a failing store call is named: “failed to %s”', async (action, failing, call, refresh = refreshes) => {
    const store = createMemoryTokenStore();
    const manager = createTokenManager({ client: { refresh }, store: { ...store, ...failing } });
    await store.set('k', { accessToken: ACCESS, refreshToken: 'refresh-token-of-the-login-0001', tokenType: 'Bearer', expiresAt: NOW + 600_000 });
    vi.setSystemTime(NOW + 600_000);
    const error = await call(manager).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe(`the token store failed to ${action}`);
  });

  it('a StoreError from the store is passed on as it is; another library error is wrapped as a store failure', async () => {
    const own = new StoreError('the value under the token key is not a string');
    const mine = createTokenManager({ client: { refresh: async () => login() }, store: { ...createMemoryTokenStore(), get: () => Promise.reject(own) } });
    await expect(mine.accessToken('k')).rejects.toBe(own);

    const timeout = new TimeoutError(500);
    const slow = createTokenManager({ client: { refresh: async () => login() }, store: { ...createMemoryTokenStore(), get: () => Promise.reject(timeout) } });
    const error = await slow.accessToken('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).cause).toBe(timeout);
  });

  it('a store without a lock reports no lock-release failure', async () => {
    const { acquireRefreshLock: _, ...lockless } = createMemoryTokenStore();
    const events: TokenManagerEvent[] = [];
    const manager = createTokenManager({ client: { refresh: async () => login() }, store: lockless, onEvent: (event) => events.push(event) });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    await manager.accessToken('k');
    expect(events.map((event) => event.type)).toEqual(['refresh', 'refreshed']);
  });

  it('a session with no tokens is a LoginRequiredError with no cause to follow', async () => {
    const error = await createTokenManager({ client: { refresh: async () => login() } })
      .accessToken('k')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginRequiredError);
    expect(error).not.toHaveProperty('cause');
  });
});

describe('the cross-instance lock', () => {
  it('a lock whose release fails costs nothing but an event: the refreshed token is returned', async () => {
    const store = createMemoryTokenStore();
    const events: TokenManagerEvent[] = [];
    const unreleasable: TokenStore = {
      ...store,
      acquireRefreshLock: async () => ({ release: () => Promise.reject(new Error('connection lost')) }),
    };
    const refreshed = login({ access_token: 'access-token-refreshed-0002' });
    const manager = createTokenManager({ client: { refresh: async () => refreshed }, store: unreleasable, onEvent: (event) => events.push(event) });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 600_000);
    await expect(manager.accessToken('k')).resolves.toBe('access-token-refreshed-0002');
    expect(events).toContainEqual({ type: 'lock-release-failed' });
  });

  it('a store whose acquireRefreshLock is not a function is refused at creation, naming it', () => {
    const store = { ...createMemoryTokenStore(), acquireRefreshLock: 'yes' } as unknown as TokenStore;
    const error = (() => {
      try {
        createTokenManager({ client: { refresh: async () => login() }, store });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option: 'store.acquireRefreshLock', problem: 'must be a function when present' });
  });
});

describe('options and arguments are refused with what is wrong', () => {
  const client = { refresh: async () => login() };
  it.each([
    ['a negative refreshWindowSec', { refreshWindowSec: -1 }, 'refreshWindowSec', 'must be a number ≥ 0'],
    ['refreshWindowSec as a string', { refreshWindowSec: '60' }, 'refreshWindowSec', 'must be a number ≥ 0'],
    ['an infinite refreshWindowSec', { refreshWindowSec: Number.POSITIVE_INFINITY }, 'refreshWindowSec', 'must be a number ≥ 0'],
    ['an assumedLifetimeSec of 0', { assumedLifetimeSec: 0 }, 'assumedLifetimeSec', 'must be a positive number'],
    ['a negative lockTtlMs', { lockTtlMs: -5 }, 'lockTtlMs', 'must be a positive number'],
    [
      'a store without compareAndSet',
      { store: { get() {}, set() {}, delete() {} } },
      'store',
      'must be a TokenStore with get, set, delete and compareAndSet functions',
    ],
    ['onEvent that is not a function', { onEvent: true }, 'onEvent', 'must be a function'],
    ['a client without refresh', { client: {} }, 'client', 'must be a token client from createTokenClient'],
  ])('%s', (_, options, option, problem) => {
    const error = (() => {
      try {
        createTokenManager({ client, ...options } as never);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option, problem });
  });

  it('a refresh window of 0 renews only an expired token', async () => {
    const manager = createTokenManager({ client, refreshWindowSec: 0 });
    await manager.save('k', login());
    vi.setSystemTime(NOW + 599_999);
    await expect(manager.accessToken('k')).resolves.toBe(ACCESS);
  });

  it('accessToken options that are not an object, or a rejectedToken that is not a string, are refused naming them', async () => {
    const manager = createTokenManager({ client });
    await manager.save('k', login());
    await expect(manager.accessToken('k', null as never)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'accessToken options' });
    await expect(manager.accessToken('k', { rejectedToken: 401 as never })).rejects.toMatchObject({
      field: 'rejectedToken',
      problem: 'must be a string when present',
    });
  });

  it('the manager’s JSON shows its settings: the refresh window in seconds, as configured', () => {
    expect(JSON.parse(JSON.stringify(createTokenManager({ client })))).toEqual({ refreshWindowSec: 60, lockTtlMs: 55_000, refreshesInFlight: 0 });
    expect(JSON.parse(JSON.stringify(createTokenManager({ client, refreshWindowSec: 300 })))).toMatchObject({ refreshWindowSec: 300 });
  });

  it('an empty key is refused, saying so', async () => {
    await expect(createTokenManager({ client }).accessToken('')).rejects.toMatchObject({ field: 'key', problem: 'must be a non-empty string' });
  });
});

describe('what save refuses, naming the field', () => {
  const manager = () => createTokenManager({ client: { refresh: async () => login() } });
  it.each([
    ['nothing at all', null, 'result', 'must be the result of exchangeCode or refresh: { tokens, idTokenClaims? }'],
    ['a result without tokens', {}, 'result.tokens', 'must be the token response of exchangeCode or refresh'],
    ['an empty access_token', login({ access_token: '' }), 'result.tokens.access_token', 'must be a non-empty string'],
    ['an empty token_type', login({ token_type: '' }), 'result.tokens.token_type', 'must be a non-empty string'],
    ['an empty refresh_token', login({ refresh_token: '' }), 'result.tokens.refresh_token', 'must be a non-empty string when present'],
    [
      'a refresh_token that is not a string',
      login({ refresh_token: 42 as unknown as string }),
      'result.tokens.refresh_token',
      'must be a non-empty string when present',
    ],
    ['a negative expires_in', login({ expires_in: -1 }), 'result.tokens.expires_in', 'must be a number of seconds ≥ 0 when present'],
    ['an infinite expires_in', login({ expires_in: Number.POSITIVE_INFINITY }), 'result.tokens.expires_in', 'must be a number of seconds ≥ 0 when present'],
    ['expires_in as a string', login({ expires_in: '600' as unknown as number }), 'result.tokens.expires_in', 'must be a number of seconds ≥ 0 when present'],
    [
      'idTokenClaims without sub',
      { ...login(), idTokenClaims: { iss: 'https://api.gmo-aozora.com', aud: 'client' } },
      'result.idTokenClaims',
      'must be the idTokenClaims of a result of exchangeCode or refresh, with iss, sub and aud',
    ],
  ])('%s', async (_, result, field, problem) => {
    const subject = manager();
    await expect(subject.save('k', result as TokenResult)).rejects.toMatchObject({ code: 'INVALID_INPUT', field, problem });
    expect(await subject.get('k')).toBeUndefined();
  });

  it('an expires_in of 0 is a token that is already due, not an error', async () => {
    const record = await manager().save('k', login({ expires_in: 0 }));
    expect(record.expiresAt).toBe(NOW);
  });
});
