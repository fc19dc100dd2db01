import { AbortedError } from './errors.js';
import type { RefreshLock, RefreshLockOptions, StoredTokens, TokenStore } from './token-store.js';

/** One key's lock: whether it is held, and who waits for it, first come first served. */
interface LockState {
  held: boolean;
  readonly waiters: (() => void)[];
}

/**
 * Creates the token manager's default store: records in a `Map` of this process, copied on the
 * way in and out so no caller can change a stored record by mutating its copy.
 *
 * It suits one process only: a second instance of your BFF has its own map, and its own refresh
 * of the same session would reuse a refresh token the first one already spent. Use a shared
 * store (`gmo-aozora-auth/redis`, or your own {@link TokenStore}) once you run several instances.
 *
 * Its `acquireRefreshLock` is the reference for the contract: one holder per key, waiters served
 * in order, a lock not released within `ttlMs` expires. It lets two managers that share this
 * store in one process (in tests, say) refresh a session once between them.
 *
 * @example
 * const manager = createTokenManager({ client: auth, store: createMemoryTokenStore() });
 */
export function createMemoryTokenStore(): TokenStore {
  const records = new Map<string, StoredTokens>();
  const locks = new Map<string, LockState>();

  function handOver(key: string, state: LockState): void {
    const next = state.waiters.shift();
    // Nobody waits: the state leaves the map, and the next caller starts a fresh one.
    if (next) next();
    else locks.delete(key);
  }

  function grant(key: string, state: LockState, ttlMs: number): RefreshLock {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(expiry);
      handOver(key, state);
    };
    // A holder that never releases (it crashed, or hangs) loses the lock after ttlMs.
    const expiry = setTimeout(release, ttlMs);
    (expiry as { unref?: () => void }).unref?.();
    return { release: async () => release() };
  }

  return {
    async get(key) {
      return structuredClone(records.get(key));
    },
    async set(key, tokens) {
      records.set(key, structuredClone(tokens));
    },
    async delete(key) {
      records.delete(key);
    },
    async compareAndSet(key, expectedRefreshToken, next) {
      const current = records.get(key);
      if (current?.refreshToken !== expectedRefreshToken) return false;
      // Stryker disable next-line ConditionalExpression: equivalent — a key stored as undefined reads exactly as a missing one; deleting it frees the entry.
      if (next === undefined) records.delete(key);
      else records.set(key, structuredClone(next));
      return true;
    },
    acquireRefreshLock(key: string, options: RefreshLockOptions): Promise<RefreshLock> {
      const { ttlMs, signal } = options;
      if (signal?.aborted) return Promise.reject(new AbortedError(signal.reason));
      let state = locks.get(key);
      if (!state) {
        state = { held: false, waiters: [] };
        locks.set(key, state);
      }
      if (!state.held) {
        state.held = true;
        return Promise.resolve(grant(key, state, ttlMs));
      }
      const waiting = state;
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          const index = waiting.waiters.indexOf(take);
          // Stryker disable next-line ConditionalExpression: equivalent — onAbort only runs while take is queued (take removes it before leaving the queue).
          if (index >= 0) waiting.waiters.splice(index, 1);
          // Stryker disable next-line OptionalChaining: equivalent — onAbort is only ever added to a signal that exists.
          reject(new AbortedError(signal?.reason));
        };
        function take() {
          // Stryker disable next-line StringLiteral: equivalent — an abort after the grant finds take no longer queued and rejects a settled promise; removing the listener only frees it early.
          signal?.removeEventListener('abort', onAbort);
          resolve(grant(key, waiting, ttlMs));
        }
        waiting.waiters.push(take);
        // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent — an AbortSignal fires abort at most once.
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
