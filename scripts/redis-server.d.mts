// Types of scripts/redis-server.mjs, for the TypeScript tests that use it.

/** A running redis-server started by a test or the benchmark. */
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

export declare const redisServerPath: string;
export declare function haveRedisServer(): boolean;
/** Starts a redis-server; `args` are further configuration, such as `['--rename-command', 'SET', 'SET-elsewhere']`. */
export declare function startRedis(options?: { appendonly?: boolean; args?: readonly string[] }): Promise<TestRedis>;
