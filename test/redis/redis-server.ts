// A real redis-server per test file (scripts/redis-server.mjs: a free loopback port, its own
// temporary directory, no Docker, no mock of Redis), and the two clients the stores support.
// Without redis-server the suites are skipped with a warning on a developer machine and fail
// when CI is set.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisCommandSender } from 'gmo-aozora-auth/redis';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { haveRedisServer as canRunRedisServer, redisServerPath, startRedis, type TestRedis } from '../../scripts/redis-server.mjs';

export { startRedis, type TestRedis } from '../../scripts/redis-server.mjs';

const haveRedisServer = canRunRedisServer();
const inCI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

/**
 * `describe`, when redis-server exists; otherwise a warning and a skip, or (CI set) one failing
 * test, so CI cannot pass by not running these.
 */
export function describeWithRedis(name: string, suite: () => void): void {
  if (haveRedisServer) {
    describe(name, suite);
    return;
  }
  if (inCI) {
    describe(name, () => {
      it('needs redis-server', () => {
        throw new Error(`No ${redisServerPath} and CI is set: install Debian's redis-server (.ci/run does) or set REDIS_SERVER_PATH.`);
      });
    });
    return;
  }
  console.warn(`${name}: SKIPPED, no ${redisServerPath}. Install it (apt-get install redis-server); with CI set these tests fail instead.`);
  describe.skip(name, suite);
}

const createNodeRedis = (url: string, reconnect: boolean) =>
  createClient({ url, socket: { reconnectStrategy: reconnect ? (retries) => Math.min(retries * 50, 500) : false } });

/** A connected client of one of the two supported libraries, and how to close it. */
export interface TestClient {
  readonly client: ReturnType<typeof createNodeRedis> | Redis;
  close(): Promise<void>;
}

/** The two clients `createRedisStores` supports; suites run once with each. */
export const CLIENTS = [
  {
    name: 'node-redis',
    async connect(redis: TestRedis, options: { reconnect?: boolean } = {}): Promise<TestClient> {
      const client = createNodeRedis(redis.url, options.reconnect !== false);
      // Without a listener, a lost connection would be an uncaught 'error' event.
      client.on('error', () => undefined);
      await client.connect();
      return { client, close: async () => client.destroy() };
    },
  },
  {
    name: 'ioredis',
    async connect(redis: TestRedis, options: { reconnect?: boolean } = {}): Promise<TestClient> {
      const client = new Redis(redis.port, '127.0.0.1', {
        lazyConnect: true,
        retryStrategy: options.reconnect === false ? () => null : (times) => Math.min(times * 50, 500),
      });
      client.on('error', () => undefined);
      await client.connect();
      return { client, close: async () => client.disconnect() };
    },
  },
] as const;

/** Runs one raw command on a client of either kind, for a test's own look at Redis. */
export function raw(client: TestClient['client'], ...command: string[]): Promise<unknown> {
  return client instanceof Redis ? client.call(command[0]!, ...command.slice(1)) : client.sendCommand(command);
}

/**
 * A redis-server and a node-redis client for the enclosing suite: started before its first test,
 * emptied before each, stopped after the last. `client` is valid inside the tests.
 */
export function useEmptiedRedis(): { readonly client: TestClient['client'] } {
  let redis: TestRedis;
  let connected: TestClient;
  beforeAll(async () => {
    redis = await startRedis();
    connected = await CLIENTS[0].connect(redis);
  });
  afterAll(async () => {
    await connected.close();
    await redis.close();
  });
  beforeEach(async () => {
    await raw(connected.client, 'FLUSHALL');
  });
  return {
    get client() {
      return connected.client;
    },
  };
}

/** A command sender passing every command to `redis.client`, except those `answer` takes over (by returning a promise). */
export function through(redis: { readonly client: TestClient['client'] }, answer: (command: string[]) => Promise<unknown> | undefined): RedisCommandSender {
  return (command) => answer(command) ?? raw(redis.client, ...command);
}

/** What `promise` rejected with, or an Error saying it resolved. */
export const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('it resolved'),
    (e: unknown) => e,
  );
