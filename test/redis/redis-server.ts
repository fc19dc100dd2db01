// A real redis-server per test file, on a free loopback port with its own temporary directory
// (no Docker, no mock of Redis). Debian's `redis-server` package provides it; .ci/run installs it.
// Without it the suites are skipped with a warning on a developer machine and fail when CI is set.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { describe, it } from 'vitest';

const redisServerPath = process.env.REDIS_SERVER_PATH ?? 'redis-server';
export const haveRedisServer = spawnSync(redisServerPath, ['--version']).status === 0;
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

/** A running redis-server started by a test. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Its working directory (the append-only file lives here). */
  readonly dir: string;
  /** Stops it gracefully (an append-only file is flushed) and waits for it to exit; the directory stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its directory. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts redis-server on 127.0.0.1 and resolves once it accepts connections. */
export async function startRedis(options: { appendonly?: boolean } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'gaa-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', options.appendonly ? 'yes' : 'no'];
      // DEBUG SLEEP lets a test make Redis slow; 7.0 refuses DEBUG unless enabled.
      args.push('--enable-debug-command', 'local', '--loglevel', 'notice');
      const started = spawn(redisServerPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          started.stdout.off('data', onData);
          started.stdout.resume();
          resolve();
        }
      };
      started.stdout.on('data', onData);
      started.stderr.resume();
      started.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
      started.once('error', reject);
    });

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
