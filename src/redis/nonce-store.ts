import { StoreError, type NonceHooks } from '../index.js';
import type { RunCommand } from './connection.js';

/**
 * Nonce hooks on Redis: `SET … NX EX` saves, `GETDEL` checks and consumes in one step, so a
 * nonce passes once across every instance, and a callback may land on any of them.
 */
export function createRedisNonceStore(run: RunCommand, prefix: string, ttlSec: number): NonceHooks {
  const nonceKey = (nonce: string) => `${prefix}nonce:${nonce}`;
  return {
    async save(nonce) {
      const saved = await run(['SET', nonceKey(nonce), '1', 'NX', 'EX', String(ttlSec)], 'saving a nonce');
      // A fresh random nonce that already exists means something else writes these keys.
      if (saved !== 'OK') throw new StoreError('the nonce was already saved; is another application using this key prefix?');
    },
    async check(nonce) {
      if (typeof nonce !== 'string' || nonce === '') return false;
      const saved = await run(['GETDEL', nonceKey(nonce)], 'checking a nonce');
      return saved !== null && saved !== undefined;
    },
  };
}
