import { inspectCustom } from '../shared/mask.js';
import {
  AbortedError,
  ConfigurationError,
  GanbAuthError,
  type GanbAuthErrorCode,
  InvalidInputError,
  isGanbAuthError,
  LoginRequiredError,
  StoreError,
} from './errors.js';
import { createMemoryTokenStore } from './memory-token-store.js';
import { type RefreshTiming, refreshLockTtlMs } from './refresh-lock-ttl.js';
import { constantTimeEqual } from '../shared/constant-time.js';
import { type NumberBounds, numberProblem } from '../shared/number-problem.js';
import { DEFAULT_ASSUMED_LIFETIME_SEC, checkStoredTokens, checkTokenResult, toStoredTokens, withMaskedRecordInspect } from './token-record.js';
import type { TokenClient } from './token-client.js';
import type { TokenResult } from './token-result.js';
import type { RefreshLock, StoredTokens, TokenStore } from './token-store.js';
import { checkObject, checkSignal } from './validate.js';

/** Default of {@link TokenManagerOptions.refreshWindowSec}: renew an access token 60 s before it expires. */
export const DEFAULT_REFRESH_WINDOW_SEC = 60;

export { DEFAULT_ASSUMED_LIFETIME_SEC } from './token-record.js';

/** Options of {@link createTokenManager}. */
export interface TokenManagerOptions {
  /** The client that renews tokens: `createTokenClient(...)`, shared with your login code. */
  client: Pick<TokenClient, 'refresh'> & { readonly config?: object };
  /**
   * Where the records live. Use a store shared by every instance (`gmo-aozora-auth/redis`) as soon
   * as you run more than one process.
   * @default createMemoryTokenStore()
   */
  store?: TokenStore | undefined;
  /**
   * How long before `expiresAt` an access token is renewed, in seconds. A token is never handed
   * out for a call that could outlive it by less than this.
   * @default {@link DEFAULT_REFRESH_WINDOW_SEC} (60)
   */
  refreshWindowSec?: number | undefined;
  /**
   * The access token lifetime assumed when a token response carries no `expires_in` (RFC 6749 §5.1
   * only recommends it), in seconds. Kept short on purpose: guessing short costs one early
   * refresh; guessing long hands out a token the bank may already refuse.
   * @default {@link DEFAULT_ASSUMED_LIFETIME_SEC} (3600)
   */
  assumedLifetimeSec?: number | undefined;
  /**
   * How long a cross-instance refresh lock lives if its holder never releases it, in ms. Used only
   * when the store has `acquireRefreshLock`. It must outlast the slowest refresh the client can
   * make, or a second instance may spend the same refresh token.
   * @default client.config's `timeoutMs × attempts + maxDelayMs × (attempts − 1)` + 5 000; 55 000 with the client's defaults
   */
  lockTtlMs?: number | undefined;
  /** Receives secret-free events (refreshes, failures, forced logins) for logs and metrics. A throwing listener is ignored. */
  onEvent?: ((event: TokenManagerEvent) => unknown) | undefined;
}

/** Why a refresh was started. */
export type RefreshReason = 'expiring' | 'expired' | 'rejected';

/** Why a session needs a new login. */
export type LoginRequiredReason = 'no-tokens' | 'invalid-grant' | 'expired-without-refresh-token' | 'rejected-without-refresh-token';

/**
 * A secret-free event of {@link TokenManagerOptions.onEvent}. Events carry no session key: keys
 * are often session ids, which are credentials too.
 */
export type TokenManagerEvent =
  /** This process is sending the one refresh for a session; every concurrent caller waits for it. */
  | { type: 'refresh'; reason: RefreshReason }
  /** The refreshed tokens are stored. */
  | { type: 'refreshed'; durationMs: number }
  /** Another instance (or a `save`) renewed the tokens while this one waited for the lock: no request sent. */
  | { type: 'refreshed-elsewhere' }
  /**
   * The refresh failed with something other than `invalid_grant`. While `expiresInMs > 0`, callers
   * that did not report the token as rejected got the still-valid access token instead of the error.
   */
  | { type: 'refresh-failed'; reason: RefreshReason; error: GanbAuthErrorCode | 'UNKNOWN'; expiresInMs: number }
  /** The refreshed tokens were not written: the record changed meanwhile (a new login, a logout, another instance). */
  | { type: 'write-conflict' }
  /** The session's tokens are gone; the caller got `LoginRequiredError`. */
  | { type: 'login-required'; reason: LoginRequiredReason }
  /** Releasing the cross-instance lock failed; it expires by itself after `lockTtlMs`. */
  | { type: 'lock-release-failed' };

/** Options of {@link TokenManager.accessToken}. */
export interface AccessTokenOptions {
  /** Stops this caller's wait. A refresh already sent is finished and stored for the others. */
  signal?: AbortSignal | undefined;
  /**
   * The access token the bank's API just refused (HTTP 401). The manager renews only if the
   * stored access token is still this one; otherwise it returns the newer stored one, so many
   * requests that saw the same 401 cause one refresh.
   */
  rejectedToken?: string | undefined;
}

/**
 * Keeps each session's tokens and hands out a valid access token, renewing it at most once at a
 * time per session. See {@link createTokenManager}.
 */
export interface TokenManager {
  /**
   * Stores the result of a fresh login (`exchangeCode`, or any `refresh`) under `key`, replacing
   * what was there: its tokens, and its verified `idTokenClaims`, which later refreshes pass as
   * `originalIdTokenClaims`. `expiresAt` is computed now, so call it as soon as the response
   * arrives. Resolves to the stored record. For a token response obtained elsewhere, pass `{ tokens }`.
   */
  save(key: string, result: TokenResult): Promise<StoredTokens>;
  /**
   * A valid access token for `key`: the stored one while it is outside the refresh window, else
   * the result of the one refresh in flight for `key`. Throws `LoginRequiredError` when the
   * session needs a new login, `StoreError` when the store fails, and the client's error for a
   * failed refresh once the token has expired (before that, the still-valid token is returned).
   */
  accessToken(key: string, options?: AccessTokenOptions): Promise<string>;
  /** The stored record, never refreshed; `undefined` when there is none. */
  get(key: string): Promise<StoredTokens | undefined>;
  /**
   * Forgets the session's tokens (logout). The bank has no revocation endpoint: the access token
   * stays valid at the bank until it expires.
   */
  delete(key: string): Promise<void>;
}

function numberOption(option: string, value: unknown, fallback: number, min: NonNullable<NumberBounds['min']>): number {
  if (value === undefined) return fallback;
  const problem = numberProblem(value, { min });
  if (problem) throw new ConfigurationError(option, problem);
  return value as number;
}

function checkStore(value: unknown): TokenStore {
  const store = value as Partial<TokenStore> | null;
  const methods = ['get', 'set', 'delete', 'compareAndSet'] as const;
  if (typeof store !== 'object' || store === null || methods.some((name) => typeof store[name] !== 'function')) {
    throw new ConfigurationError('store', 'must be a TokenStore with get, set, delete and compareAndSet functions');
  }
  if (store.acquireRefreshLock !== undefined && typeof store.acquireRefreshLock !== 'function') {
    throw new ConfigurationError('store.acquireRefreshLock', 'must be a function when present');
  }
  return store as TokenStore;
}

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidInputError('key', 'must be a non-empty string');
  return key;
}

/** Failures that may pass by themselves: the bank or the path to it, not the grant. */
function isTransient(error: unknown): boolean {
  if (!isGanbAuthError(error)) return false;
  switch (error.code) {
    case 'TIMEOUT':
    case 'NETWORK_ERROR':
      return true;
    case 'INVALID_RESPONSE':
      return error.status >= 500 || error.status === 429;
    case 'OAUTH_ERROR':
      return error.status >= 500 || error.error === 'server_error';
    // Stryker disable next-line ConditionalExpression: equivalent — falling out of the switch returns undefined, which the only caller's && reads as false too.
    default:
      return false;
  }
}

function isInvalidGrant(error: unknown): boolean {
  return isGanbAuthError(error) && error.code === 'OAUTH_ERROR' && error.error === 'invalid_grant';
}

const LOGIN_REQUIRED_TEXT: Record<LoginRequiredReason, string> = {
  'no-tokens': 'no tokens are stored for this session',
  'invalid-grant': 'the bank refused the session’s refresh token (invalid_grant: expired, revoked or already used); the stored tokens were removed',
  'expired-without-refresh-token': 'the access token has expired and there is no refresh token (was offline_access granted?); the stored tokens were removed',
  'rejected-without-refresh-token': 'the bank refused the access token and there is no refresh token to renew it; the stored tokens were removed',
};

/** Waits for `promise`, or rejects with `AbortedError` as soon as `signal` fires; the promise itself runs on. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbortedError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError(signal.reason));
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent — an AbortSignal fires abort at most once.
    signal.addEventListener('abort', onAbort, { once: true });
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent — a later abort only rejects a settled promise; removing the listener frees it early.
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Creates a token manager: it stores each session's tokens under a key you choose (a user id,
 * or your session id) and hands out access tokens, renewing them with the refresh token shortly
 * before they expire.
 *
 * **One refresh at a time.** The bank rotates refresh tokens, and a server that sees a used
 * refresh token again may revoke the whole grant (RFC 9700 §4.14.2), signing the user out. So
 * within a process, concurrent `accessToken` calls for one key share a single refresh request;
 * the rotated tokens are stored (`store.compareAndSet`, conditional on the refresh token that was
 * used) before any caller gets the new access token. When the store has `acquireRefreshLock`,
 * the refresh also holds that lock, so instances sharing the store refresh once between them:
 * after taking the lock the manager reads the record again and, if another instance already
 * renewed it, returns that instead of sending a request.
 *
 * **Failures.** `invalid_grant` removes the stored tokens and throws `LoginRequiredError` (the
 * `OAuthError` is its `cause`); so do an unknown key and an expired token without a refresh
 * token. A transient failure (timeout, network, 5xx, 429) while the access token is still valid
 * returns that token and emits `refresh-failed`; once it has expired, the error is thrown and
 * the stored tokens are kept for the next try. A failing store gives `StoreError`.
 *
 * **Secrets.** Neither the manager nor its events nor its errors show a token or a session key;
 * records returned by `get` and `save` serialise to JSON in full (for your session store) but
 * show masked tokens in `util.inspect`.
 *
 * @example
 * const auth = createTokenClient({ environment: 'production', clientId, clientSecret });
 * const tokens = createTokenManager({ client: auth });
 * await tokens.save(userId, await auth.exchangeCode({ code, redirectUri, expectedNonce }));
 * const response = await fetch(accountsUrl, { headers: { 'x-access-token': await tokens.accessToken(userId) } });
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const opts = checkObject('options', options) as Partial<TokenManagerOptions>;
  const client = opts.client;
  if (typeof client !== 'object' || client === null || typeof client.refresh !== 'function') {
    throw new ConfigurationError('client', 'must be a token client from createTokenClient');
  }
  const store = opts.store === undefined ? createMemoryTokenStore() : checkStore(opts.store);
  const refreshWindowMs = numberOption('refreshWindowSec', opts.refreshWindowSec, DEFAULT_REFRESH_WINDOW_SEC, 'non-negative') * 1000;
  const assumedLifetimeSec = numberOption('assumedLifetimeSec', opts.assumedLifetimeSec, DEFAULT_ASSUMED_LIFETIME_SEC, 'positive');
  const lockTtlMs = numberOption('lockTtlMs', opts.lockTtlMs, refreshLockTtlMs(client.config as RefreshTiming | undefined), 'positive');
  if (opts.onEvent !== undefined && typeof opts.onEvent !== 'function') throw new ConfigurationError('onEvent', 'must be a function');
  const listener = opts.onEvent;
  /** The one refresh per key in flight in this process; every concurrent caller awaits it. */
  const inFlight = new Map<string, Promise<StoredTokens>>();

  function emit(event: TokenManagerEvent): void {
    try {
      // Stryker disable next-line OptionalChaining: equivalent — without a listener the call throws a TypeError, which is swallowed like a listener's own error.
      listener?.(event);
    } catch {
      // Events are best effort: a listener's bug must not change the outcome of a call.
    }
  }

  /** Runs a store call, turning any failure into a `StoreError` that does not repeat the store's message. */
  async function storeCall<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof GanbAuthError && error.code === 'STORE_ERROR') throw error;
      throw new StoreError(`the token store failed to ${action}`, { cause: error });
    }
  }

  const read = async (key: string) => checkStoredTokens(await storeCall('read the tokens', () => store.get(key)));

  function loginRequired(reason: LoginRequiredReason, cause?: unknown): LoginRequiredError {
    emit({ type: 'login-required', reason });
    return new LoginRequiredError(LOGIN_REQUIRED_TEXT[reason], cause === undefined ? undefined : { cause });
  }

  async function releaseLock(lock: RefreshLock | undefined): Promise<void> {
    if (!lock) return;
    try {
      await lock.release();
    } catch {
      emit({ type: 'lock-release-failed' });
    }
  }

  /**
   * The refresh itself, run once per key however many callers wait. `seen` is the record the
   * first caller read: if the stored one differs after the lock, someone else already renewed it.
   */
  async function refresh(key: string, seen: StoredTokens, reason: RefreshReason): Promise<StoredTokens> {
    const lock = store.acquireRefreshLock ? await storeCall('take the refresh lock', () => store.acquireRefreshLock!(key, { ttlMs: lockTtlMs })) : undefined;
    try {
      const current = await read(key);
      if (!current) throw loginRequired('no-tokens');
      if (current.accessToken !== seen.accessToken) {
        emit({ type: 'refreshed-elsewhere' });
        return current;
      }
      const usedRefreshToken = current.refreshToken;
      if (usedRefreshToken === undefined) {
        // Nothing to renew with: a token inside the window still serves until it expires.
        if (reason === 'expiring' && Date.now() < current.expiresAt) return current;
        await storeCall('remove the tokens', () => store.delete(key));
        throw loginRequired(reason === 'rejected' ? 'rejected-without-refresh-token' : 'expired-without-refresh-token');
      }
      emit({ type: 'refresh', reason });
      const started = Date.now();
      let result: TokenResult;
      try {
        result = checkTokenResult(
          await client!.refresh({ refreshToken: usedRefreshToken, originalIdTokenClaims: current.idTokenClaims }),
          'the result of client.refresh',
        );
      } catch (error) {
        if (isInvalidGrant(error)) {
          // Conditional, so tokens of a login saved meanwhile survive.
          await storeCall('remove the refused tokens', () => store.compareAndSet(key, usedRefreshToken, undefined));
          throw loginRequired('invalid-grant', error);
        }
        const code = error instanceof GanbAuthError ? error.code : 'UNKNOWN';
        emit({ type: 'refresh-failed', reason, error: code, expiresInMs: current.expiresAt - Date.now() });
        throw error;
      }
      const next = toStoredTokens(result, Date.now(), assumedLifetimeSec, current);
      const written = await storeCall('store the refreshed tokens', () => store.compareAndSet(key, usedRefreshToken, next));
      if (!written) {
        emit({ type: 'write-conflict' });
        const latest = await read(key);
        if (!latest) throw loginRequired('no-tokens');
        return latest;
      }
      emit({ type: 'refreshed', durationMs: Date.now() - started });
      return next;
    } finally {
      await releaseLock(lock);
    }
  }

  function joinRefresh(key: string, seen: StoredTokens, reason: RefreshReason): Promise<StoredTokens> {
    const running = inFlight.get(key);
    if (running) return running;
    const flight = refresh(key, seen, reason);
    inFlight.set(key, flight);
    // Settled flights leave the map; a caller arriving later reads the stored record afresh.
    flight.then(
      () => inFlight.get(key) === flight && inFlight.delete(key),
      () => inFlight.get(key) === flight && inFlight.delete(key),
    );
    return flight;
  }

  const manager: TokenManager = {
    async save(key, result) {
      checkKey(key);
      const record = toStoredTokens(checkTokenResult(result, 'result'), Date.now(), assumedLifetimeSec);
      await storeCall('save the tokens', () => store.set(key, record));
      return withMaskedRecordInspect(record);
    },

    async accessToken(key, options = {}) {
      checkKey(key);
      const args = checkObject('accessToken options', options);
      const signal = checkSignal('signal', args.signal);
      const rejectedToken = args.rejectedToken;
      if (rejectedToken !== undefined && typeof rejectedToken !== 'string') throw new InvalidInputError('rejectedToken', 'must be a string when present');
      const record = await untilAborted(read(key), signal);
      if (!record) throw loginRequired('no-tokens');
      const rejected = rejectedToken !== undefined && constantTimeEqual(record.accessToken, rejectedToken);
      const now = Date.now();
      if (!rejected && now < record.expiresAt - refreshWindowMs) return record.accessToken;
      const reason: RefreshReason = rejected ? 'rejected' : now >= record.expiresAt ? 'expired' : 'expiring';
      try {
        return (await untilAborted(joinRefresh(key, record, reason), signal)).accessToken;
      } catch (error) {
        if (!rejected && isTransient(error) && Date.now() < record.expiresAt) return record.accessToken;
        throw error;
      }
    },

    async get(key) {
      checkKey(key);
      const record = await read(key);
      return record && withMaskedRecordInspect(record);
    },

    async delete(key) {
      checkKey(key);
      await storeCall('remove the tokens', () => store.delete(key));
    },
  };

  const safeView = () => ({ refreshWindowSec: refreshWindowMs / 1000, lockTtlMs, refreshesInFlight: inFlight.size });
  Object.defineProperty(manager, 'toJSON', { enumerable: false, value: safeView });
  Object.defineProperty(manager, inspectCustom, { enumerable: false, value: safeView });
  return Object.freeze(manager);
}
