// What the Redis stores do when Redis fails: stopped, slow, restarted. Every failure must be a
// StoreError within the documented bound, never a hang and never a lost record.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenClient, StoreError, type StoredTokens } from 'gmo-aozora-auth';
import { createRedisStores } from 'gmo-aozora-auth/redis';
import { MOCK_CLIENT } from 'gmo-aozora-auth/testing';
import { CLIENTS, describeWithRedis, raw, startRedis, type TestClient, type TestRedis } from './redis-server.js';

const record: StoredTokens = { accessToken: 'access-1', refreshToken: 'refresh-1', tokenType: 'Bearer', expiresAt: 1_800_000_000_000 };

/** Resolves with how long `promise` took to reject, and its error. */
async function rejection(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  const error = await promise.then(
    () => new Error('it resolved'),
    (e: unknown) => e,
  );
  return { ms: performance.now() - started, error };
}

describeWithRedis('gmo-aozora-auth/redis when Redis fails', () => {
  describe.each(CLIENTS)('with $name', (kind) => {
    let redis: TestRedis;
    let client: TestClient;
    beforeEach(async () => {
      redis = await startRedis({ appendonly: true });
      client = await kind.connect(redis);
    });
    afterEach(async () => {
      await client.close();
      await redis.close();
    });

    it('Redis stopped: every call rejects with StoreError within commandTimeoutMs, also from stores created after it stopped', async () => {
      const before = createRedisStores(client.client, { commandTimeoutMs: 400 });
      await before.tokens.set('s', record);
      await redis.stop();
      const after = createRedisStores(client.client, { commandTimeoutMs: 400 });
      for (const stores of [before, after]) {
        const calls: Promise<unknown>[] = [
          stores.tokens.get('s'),
          stores.tokens.set('s', record),
          stores.tokens.delete('s'),
          stores.tokens.compareAndSet('s', 'refresh-1', record),
          stores.tokens.acquireRefreshLock!('s', { ttlMs: 10_000 }),
          (async () => stores.nonce.save('n'))(),
          (async () => stores.nonce.check('n'))(),
        ];
        for (const { ms, error } of await Promise.all(calls.map(rejection))) {
          expect(error).toBeInstanceOf(StoreError);
          // Generous upper bound for a loaded machine; the point is "bounded", not a timing.
          expect(ms).toBeLessThan(3000);
        }
      }
    });

    it('Redis stopped: with the defaults, the bound is 5 s (at most 15 s)', async () => {
      await redis.stop();
      const { tokens } = createRedisStores(client.client);
      const { ms, error } = await rejection(tokens.get('s'));
      expect(error).toBeInstanceOf(StoreError);
      expect(ms).toBeLessThan(15_000);
    });

    it('Redis stopped: no authorization URL without a saved nonce', async () => {
      await redis.stop();
      const { nonce } = createRedisStores(client.client, { commandTimeoutMs: 300 });
      const auth = createTokenClient({ clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret, environment: 'staging', nonce });
      await expect(auth.authorizationUrl({ redirectUri: 'https://bff.example.com/cb', scope: ['openid'] })).rejects.toThrow(StoreError);
    });

    it('Redis too slow: StoreError once commandTimeoutMs passes', async () => {
      const other = await kind.connect(redis);
      try {
        const { tokens } = createRedisStores(client.client, { commandTimeoutMs: 200 });
        const sleeping = raw(other.client, 'DEBUG', 'SLEEP', '1');
        await new Promise((resolve) => setTimeout(resolve, 50));
        const { ms, error } = await rejection(tokens.get('s'));
        expect(error).toBeInstanceOf(StoreError);
        expect((error as Error).message).toMatch(/did not respond within 200 ms/);
        expect(ms).toBeLessThan(900);
        await sleeping;
      } finally {
        await other.close();
      }
    });

    it('a lock taken after its caller gave up is handed back, not left to block the others', async () => {
      const other = await kind.connect(redis);
      try {
        const { tokens } = createRedisStores(client.client, { commandTimeoutMs: 100 });
        const sleeping = raw(other.client, 'DEBUG', 'SLEEP', '0.5');
        await new Promise((resolve) => setTimeout(resolve, 50));
        await expect(tokens.acquireRefreshLock!('s', { ttlMs: 60_000 })).rejects.toThrow(StoreError);
        await sleeping;
        // The SET NX ran after the sleep; its late "OK" released it again.
        await expect.poll(() => raw(other.client, 'EXISTS', 'gmo-aozora-auth:lock:s'), { timeout: 2000 }).toBe(0);
      } finally {
        await other.close();
      }
    });

    it('Redis restarted with the append-only file: the sessions are still there, and the client is back', async () => {
      const { tokens } = createRedisStores(client.client, { encryptionKey: new Uint8Array(32).fill(7), commandTimeoutMs: 500 });
      await tokens.set('s', record);
      await redis.stop();
      await expect(tokens.get('s')).rejects.toThrow(StoreError);
      await redis.start();
      await expect.poll(() => tokens.get('s').catch(() => 'not yet'), { timeout: 5000, interval: 100 }).toEqual(record);
    });
  });
});
