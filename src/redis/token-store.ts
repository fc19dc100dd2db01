import { AbortedError, StoreError, type RefreshLock, type RefreshLockOptions, type TokenStore } from '../index.js';
import { numberProblem } from '../shared/number-problem.js';
import { randomToken } from '../shared/random.js';
import { sleep } from '../shared/sleep.js';
import type { RunCommand } from './connection.js';
import { COMPARE_AND_SET_SCRIPT, decodeRecord, encodeRecord, RELEASE_LOCK_SCRIPT } from './records.js';
import type { Sealing } from './sealing.js';

/** How the token store names and keeps its Redis keys. */
export interface RedisTokenStoreSettings {
  readonly prefix: string;
  readonly tokenTtlMs: number | undefined;
  readonly lockWaitMarginMs: number;
}

/** First and longest pause between two tries of a taken lock, in ms. */
const FIRST_POLL_MS = 5;
const LONGEST_POLL_MS = 100;

/**
 * A `TokenStore` on Redis: one string per session key, a compare-and-set script as the fence,
 * and `SET NX PX` as the lock every instance shares.
 */
export function createRedisTokenStore(run: RunCommand, sealing: Sealing, settings: RedisTokenStoreSettings): TokenStore {
  const recordKey = (key: string) => `${settings.prefix}tokens:${key}`;
  const lockKey = (key: string) => `${settings.prefix}lock:${key}`;
  const ttlArgs = settings.tokenTtlMs === undefined ? [] : ['PX', String(settings.tokenTtlMs)];

  const releaseLock = async (name: string, owner: string) => (await run(['EVAL', RELEASE_LOCK_SCRIPT, '1', name, owner], 'releasing the refresh lock')) === 1;

  return {
    async get(key) {
      const redisKey = recordKey(key);
      const value = await run(['GET', redisKey], 'reading tokens');
      return value === null || value === undefined ? undefined : decodeRecord(value, redisKey, sealing);
    },

    async set(key, tokens) {
      const redisKey = recordKey(key);
      const value = await encodeRecord(tokens, redisKey, sealing);
      await run(['SET', redisKey, value, ...ttlArgs], 'saving tokens');
    },

    async delete(key) {
      await run(['DEL', recordKey(key)], 'deleting tokens');
    },

    async compareAndSet(key, expectedRefreshToken, next) {
      const redisKey = recordKey(key);
      const [value, fingerprints] = await Promise.all([
        next === undefined ? '' : encodeRecord(next, redisKey, sealing),
        sealing.fingerprints(expectedRefreshToken),
      ]);
      const written = await run(
        ['EVAL', COMPARE_AND_SET_SCRIPT, '1', redisKey, value, settings.tokenTtlMs === undefined ? '' : String(settings.tokenTtlMs), ...fingerprints],
        next === undefined ? 'deleting refreshed tokens' : 'saving refreshed tokens',
      );
      return written === 1;
    },

    async acquireRefreshLock(key, options: RefreshLockOptions): Promise<RefreshLock> {
      if (numberProblem(options.ttlMs)) throw new RangeError('ttlMs must be a positive number of milliseconds');
      const ttlMs = Math.ceil(options.ttlMs);
      const { signal } = options;
      const name = lockKey(key);
      const owner = randomToken(16);
      // Every holder's lock expires within ttlMs of being taken, so a waiter that started before
      // it was taken waits at most about that long; the margin covers polling and clock steps.
      const giveUpAt = Date.now() + ttlMs + settings.lockWaitMarginMs;
      let pause = FIRST_POLL_MS;
      for (;;) {
        if (signal?.aborted) throw new AbortedError(signal.reason);
        const taken = await run(['SET', name, owner, 'NX', 'PX', String(ttlMs)], 'taking the refresh lock', (lateReply) => {
          // Taken after we gave up: hand it back at once instead of blocking others for ttlMs.
          if (lateReply === 'OK') releaseLock(name, owner).catch(() => undefined);
        });
        if (taken === 'OK') {
          if (signal?.aborted) {
            await releaseLock(name, owner).catch(() => undefined);
            throw new AbortedError(signal.reason);
          }
          return { release: () => releaseLock(name, owner) };
        }
        const left = giveUpAt - Date.now();
        if (left <= 0) {
          throw new StoreError(
            `the refresh lock stayed taken by another instance for longer than its ${ttlMs} ms lifetime; is a clock or the Redis server misbehaving?`,
          );
        }
        // Jitter keeps the waiting instances from retrying in step.
        // Stryker disable next-line BlockStatement: equivalent — sleep rejects only when the signal fires, and the loop's first line then throws the same AbortedError with the same reason.
        await sleep(Math.min(left, pause * (0.5 + Math.random() / 2)), [signal]).catch((reason: unknown) => {
          throw new AbortedError(reason);
        });
        pause = Math.min(pause * 2, LONGEST_POLL_MS);
      }
    },
  };
}
