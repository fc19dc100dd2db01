import { ConfigurationError, StoreError } from '../index.js';

/**
 * Sends one raw Redis command (`['SET', key, value, 'NX', 'PX', '30000']`) and resolves with its
 * reply. The smallest surface node-redis and ioredis share; pass one to use any other client
 * (a cluster client, Valkey GLIDE, a proxy) with `createRedisStores`.
 */
export type RedisCommandSender = (command: string[]) => Promise<unknown>;

/** The part of a node-redis (`redis` v5 or later) client the stores use: `sendCommand`. */
export interface NodeRedisClientLike {
  /** Sends one raw command, such as `['SET', key, value, 'NX', 'PX', '30000']`, and resolves to its reply. */
  sendCommand(command: string[]): Promise<unknown>;
}

/** The part of an ioredis (v5 or later) client the stores use: `call`. */
export interface IoRedisClientLike {
  /** Sends one raw command, such as `call('SET', key, value, 'NX', 'PX', '30000')`, and resolves to its reply. */
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** What `createRedisStores` accepts: a connected node-redis or ioredis client, or a {@link RedisCommandSender}. */
export type RedisClientLike = NodeRedisClientLike | IoRedisClientLike | RedisCommandSender;

/** Runs one command within the time bound; every failure is a `StoreError`. */
export type RunCommand = (command: string[], what: string, lateReply?: (reply: unknown) => void) => Promise<unknown>;

/** Reduces either client to one "send one raw command" function. */
export function commandSender(redis: RedisClientLike): RedisCommandSender {
  if (typeof redis === 'function') return redis;
  // ioredis also has a `sendCommand`, taking its own Command objects, so `call` is tested first.
  if (redis && typeof (redis as IoRedisClientLike).call === 'function') {
    const client = redis as IoRedisClientLike;
    return ([name, ...args]) => client.call(name as string, ...args);
  }
  if (redis && typeof (redis as NodeRedisClientLike).sendCommand === 'function') {
    const client = redis as NodeRedisClientLike;
    return (command) => client.sendCommand(command);
  }
  throw new ConfigurationError(
    'redis',
    'must be a connected node-redis client (redis v5 or later), an ioredis client (v5 or later) or a function sending one raw command',
  );
}

/**
 * Bounds every command by `timeoutMs`: both clients queue commands while they reconnect, so a
 * stopped Redis would otherwise leave callers waiting forever. A command cut off by the bound may
 * still run later, when the client reconnects; `lateReply` receives its reply then, so a caller can
 * undo an effect nobody waited for (a lock taken too late).
 */
export function boundedRunner(send: RedisCommandSender, timeoutMs: number): RunCommand {
  return (command, what, lateReply) =>
    new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new StoreError(`Redis did not respond within ${timeoutMs} ms while ${what}; check that it is reachable (commandTimeoutMs sets this bound)`));
      }, timeoutMs);
      let pending: Promise<unknown>;
      try {
        pending = Promise.resolve(send(command));
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (reply) => {
          if (settled) return lateReply?.(decodeReply(reply));
          // Stryker disable next-line BooleanLiteral: equivalent — the timer is cleared next and a promise settles once, so nothing reads settled after this.
          settled = true;
          clearTimeout(timer);
          resolve(decodeReply(reply));
        },
        (error: unknown) => {
          if (settled) return;
          // Stryker disable next-line BooleanLiteral: equivalent — the timer is cleared next and a promise settles once, so nothing reads settled after this.
          settled = true;
          clearTimeout(timer);
          const cause = safeCause(error);
          reject(new StoreError(`Redis failed while ${what}: ${cause.name}: ${cause.message}`, { cause }));
        },
      );
    });
}

/** Clients configured to return buffers give bytes; the stores work on strings. */
function decodeReply(reply: unknown): unknown {
  if (reply instanceof Uint8Array) return new TextDecoder().decode(reply);
  return reply;
}

/**
 * A copy of a client's error with its name, message and code only: ioredis attaches the
 * command's arguments (which hold tokens) to its errors, and Redis echoes the arguments of an
 * unknown command in the message.
 */
function safeCause(error: unknown): Error {
  if (!(error instanceof Error)) return new Error('the Redis client rejected with a non-Error value');
  const copy = new Error(error.message.replace(/,? with args beginning with:[\s\S]*$/, ''));
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}
