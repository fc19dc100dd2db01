/**
 * `gmo-aozora-auth/redis` — nonce hooks, a token store and a refresh lock on Redis (or Valkey),
 * for BFFs that run on more than one instance. Works with a connected node-redis (`redis` v5 or
 * later) or ioredis (v5 or later) client; neither is a dependency of this package. Web APIs only
 * (Web Crypto), like the main entry.
 *
 * @packageDocumentation
 */
import { ConfigurationError, type NonceHooks, type TokenStore } from '../index.js';
import { numberProblem } from '../shared/number-problem.js';
import { boundedRunner, commandSender, type RedisClientLike } from './connection.js';
import { createRedisNonceStore } from './nonce-store.js';
import { aesGcmSealing, type EncryptionKeyOption, plainSealing } from './sealing.js';
import { createRedisTokenStore } from './token-store.js';

export type { RedisClientLike, RedisCommandSender, NodeRedisClientLike, IoRedisClientLike } from './connection.js';
export type { EncryptionKeyOption } from './sealing.js';

/** Options of {@link createRedisStores}. */
export interface RedisStoresOptions {
  /**
   * Prefix of every key the stores write: `<prefix>tokens:<session key>`,
   * `<prefix>lock:<session key>` and `<prefix>nonce:<nonce>`.
   * @default 'gmo-aozora-auth:'
   */
  prefix?: string | undefined;
  /**
   * Seals every token record with AES-256-GCM (Web Crypto) before it reaches Redis, bound to its
   * Redis key, so a reader of the Redis data (a dump, a replica, a backup, `MONITOR`) learns no
   * token and a record copied to another session's key does not open. 32 random bytes, e.g.
   * `Buffer.from(process.env.TOKEN_KEY, 'base64')`; or an array of keys to rotate them: the first
   * seals, every one opens. Without it, records are stored as plain JSON: anyone who can read the
   * Redis can use every stored refresh token, each a bearer credential for a user's bank account.
   * @default undefined (records are not encrypted)
   */
  encryptionKey?: EncryptionKeyOption | undefined;
  /**
   * How long a saved nonce stays valid, in seconds: the longest a user may take to log in at the
   * bank.
   * @default 600
   */
  nonceTtlSec?: number | undefined;
  /**
   * How long a token record lives after it was last written, in seconds (refreshes renew it);
   * match it to your session lifetime. Without it, records stay until deleted (logout) or
   * replaced.
   * @default undefined (no expiry)
   */
  tokenTtlSec?: number | undefined;
  /**
   * The bound on every Redis command, in ms: a command without a response by then (Redis stopped,
   * unreachable, or too slow; both clients queue commands while they reconnect) rejects with a
   * `StoreError`. A write cut off this way may still happen once the client reconnects; a
   * refreshed-token write stays fenced by its compare-and-set.
   * @default 5000
   */
  commandTimeoutMs?: number | undefined;
  /**
   * How much longer than the lock's lifetime (`ttlMs`, chosen by the token manager) an instance
   * waits for another instance's refresh lock before it gives up with a `StoreError`, in ms.
   * @default 1000
   */
  lockWaitMarginMs?: number | undefined;
}

/** The stores {@link createRedisStores} returns. */
export interface RedisStores {
  /** Nonce hooks for `createTokenClient({ nonce })`: single use across every instance. */
  readonly nonce: NonceHooks;
  /** A token store with a cross-instance refresh lock, for `createTokenManager({ store })`. */
  readonly tokens: TokenStore;
}

function positive(name: string, value: number | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const problem = numberProblem(value);
  if (problem) throw new ConfigurationError(name, problem);
  return value;
}

/**
 * Creates nonce hooks and a token store that every instance of a BFF shares through one Redis
 * (Redis 6.2 or later, or Valkey: `GETDEL` is needed).
 *
 * - Nonces: `SET <prefix>nonce:<nonce> 1 NX EX nonceTtlSec` when the URL is built (a failure
 *   rejects, so no URL is returned); `GETDEL` on the callback, so each passes once.
 * - Tokens: one string per session key, written by one command or one script. A refresh's
 *   write is a Lua compare-and-set on the refresh token that was used, so an instance whose lock
 *   expired mid-refresh can never overwrite newer tokens.
 * - Refresh lock: `SET <prefix>lock:<key> <random owner> NX PX ttlMs`; the others poll with
 *   jittered backoff (5 ms doubling to 100 ms) and give up after `ttlMs + lockWaitMarginMs`;
 *   only the owner deletes it (Lua compare-and-delete), and a crashed owner's lock expires.
 * - Faults: every call rejects with `StoreError` within `commandTimeoutMs` when Redis does not
 *   response; nothing is cached in front of Redis, so no stale response stands in for it.
 *
 * @param redis A connected node-redis or ioredis client, or a function sending one raw command.
 * @throws ConfigurationError when `redis` is none of those or an option is out of range.
 */
export function createRedisStores(redis: RedisClientLike, options: RedisStoresOptions = {}): RedisStores {
  const send = commandSender(redis);
  const prefix = options.prefix ?? 'gmo-aozora-auth:';
  if (typeof prefix !== 'string') throw new ConfigurationError('prefix', 'must be a string');
  const nonceTtlSec = Math.ceil(positive('nonceTtlSec', options.nonceTtlSec, 600)!);
  const tokenTtlSec = positive('tokenTtlSec', options.tokenTtlSec, undefined);
  const commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs, 5000)!;
  const lockWaitMarginMs = options.lockWaitMarginMs === 0 ? 0 : positive('lockWaitMarginMs', options.lockWaitMarginMs, 1000)!;
  const sealing = options.encryptionKey === undefined ? plainSealing() : aesGcmSealing(options.encryptionKey);
  const run = boundedRunner(send, commandTimeoutMs);
  return {
    nonce: createRedisNonceStore(run, prefix, nonceTtlSec),
    tokens: createRedisTokenStore(run, sealing, {
      prefix,
      tokenTtlMs: tokenTtlSec === undefined ? undefined : Math.ceil(tokenTtlSec * 1000),
      lockWaitMarginMs,
    }),
  };
}
