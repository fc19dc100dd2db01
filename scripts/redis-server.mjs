// Starts a throwaway redis-server on a free loopback port with its own temporary directory (no
// Docker), for the tests in test/redis and the benchmark's cross-process case. Debian's
// `redis-server` package provides the binary (.ci/run installs it); REDIS_SERVER_PATH overrides.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const redisServerPath = process.env.REDIS_SERVER_PATH ?? 'redis-server';

/** True when redis-server can be run. */
export function haveRedisServer() {
  return spawnSync(redisServerPath, ['--version']).status === 0;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts redis-server (with `options.args` as further configuration) and resolves once it accepts connections. */
export async function startRedis(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gaa-redis-'));
  const port = await freePort();
  let child;

  const start = () =>
    new Promise((resolve, reject) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', options.appendonly ? 'yes' : 'no'];
      // DEBUG SLEEP lets a test make Redis slow; 7.0 refuses DEBUG unless enabled.
      args.push('--enable-debug-command', 'local', '--loglevel', 'notice', ...(options.args ?? []));
      const started = spawn(redisServerPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      let output = '';
      const onData = (chunk) => {
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
