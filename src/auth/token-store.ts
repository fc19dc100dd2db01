import type { IdTokenClaims } from './token-response.js';

/**
 * A token record as the token manager stores it: plain JSON, so any store can keep it. Times are
 * absolute (computed when the tokens were received), so a record read later, or on another
 * instance, needs no clock of the request that produced it.
 */
export interface StoredTokens {
  /** The access token, sent to the bank's APIs in the `x-access-token` header. */
  readonly accessToken: string;
  /** The refresh token, when the bank issued one (`offline_access`). Rotated on every refresh. */
  readonly refreshToken?: string | undefined;
  /** The token type; always `Bearer` for this bank. */
  readonly tokenType: string;
  /** The granted scopes, space-separated, when the bank said. */
  readonly scope?: string | undefined;
  /** When the access token expires, in epoch milliseconds. */
  readonly expiresAt: number;
  /** The verified claims of the login's id_token (OpenID Connect), kept to check refreshed ones (§12.2). */
  readonly idTokenClaims?: IdTokenClaims | undefined;
}

/** Options of {@link TokenStore.acquireRefreshLock}. */
export interface RefreshLockOptions {
  /** How long the lock lives if its holder never releases it (a crashed instance), in ms. */
  readonly ttlMs: number;
  /** Gives up waiting for the lock. */
  readonly signal?: AbortSignal | undefined;
}

/** A held refresh lock. */
export interface RefreshLock {
  /** Releases the lock if this holder still owns it; never releases another holder's lock. */
  release(): Promise<unknown>;
}

/**
 * Where the token manager keeps each session's tokens. `createMemoryTokenStore()` is the default
 * (one process); `gmo-aozora-auth/redis` shares one store between instances.
 *
 * Every method may reject; the manager turns a rejection into a `StoreError`. Keys are the
 * caller's session keys, used as given.
 *
 * Your own store needs two atomic operations from its database: a conditional write for
 * `compareAndSet` — in SQL `UPDATE tokens SET record = $3 WHERE key = $1 AND refresh_token = $2`
 * (it wrote when one row changed), in DynamoDB an `UpdateItem` with
 * `ConditionExpression: 'refreshToken = :used'` — and, for several instances, a lock with an
 * owner and an expiry for `acquireRefreshLock`: a PostgreSQL advisory lock, a lock row inserted
 * only where none is live, or a DynamoDB lock item put with
 * `attribute_not_exists(pk) OR expiresAt < :now`, each released only by its owner. Details:
 * `docs/token-manager.md`, "Stores".
 */
export interface TokenStore {
  /** The stored record, or `undefined` when there is none. */
  get(key: string): Promise<StoredTokens | undefined>;
  /** Stores a record unconditionally (a fresh login). */
  set(key: string, tokens: StoredTokens): Promise<unknown>;
  /** Removes a record (logout). Removing a missing record is not an error. */
  delete(key: string): Promise<unknown>;
  /**
   * Replaces the record with `next` (or deletes it when `next` is `undefined`) only if the stored
   * record still holds `expectedRefreshToken`, atomically; resolves `true` when it wrote. This
   * fences a refresh that finished late (its lock expired) from overwriting newer tokens.
   */
  compareAndSet(key: string, expectedRefreshToken: string, next: StoredTokens | undefined): Promise<boolean>;
  /**
   * Optional: a lock shared by every instance that uses this store. Resolves once the caller
   * holds the lock for `key`, waiting while another holder has it (bounded by `ttlMs`, after
   * which an abandoned lock expires). Stores for one process may omit it: the manager already
   * runs one refresh per key at a time within a process.
   */
  acquireRefreshLock?(key: string, options: RefreshLockOptions): Promise<RefreshLock>;
}
