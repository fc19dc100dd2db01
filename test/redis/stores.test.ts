// createRedisStores against a real redis-server, once with node-redis and once with ioredis:
// nonces, token records, the compare-and-set fence, the refresh lock, and encryption at rest.
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbortedError, ConfigurationError, createTokenClient, StoreError, type StoredTokens } from 'gmo-aozora-auth';
import { createRedisStores } from 'gmo-aozora-auth/redis';
import { approveAuthorization, MOCK_CLIENT } from 'gmo-aozora-auth/testing';
import { startMockBankServer, type MockBankServer } from 'gmo-aozora-auth/testing/node';
import { CLIENTS, describeWithRedis, raw, startRedis, type TestClient, type TestRedis } from './redis-server.js';

const KEY_1 = new Uint8Array(32).fill(1);
const KEY_2 = new Uint8Array(32).fill(2);

const tokensFor = (n: number): StoredTokens => ({
  accessToken: `access-token-${n}-xxxxxxxxxxxxxxxx`,
  refreshToken: `refresh-token-${n}-yyyyyyyyyyyyyyyy`,
  tokenType: 'Bearer',
  scope: 'openid private:account offline_access',
  expiresAt: 1_800_000_000_000 + n,
  idTokenClaims: { iss: 'https://bank.example', sub: 'user-1', aud: 'client', exp: 1_800_000_000, iat: 1_700_000_000 },
});

describeWithRedis('gmo-aozora-auth/redis stores on a real Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.close());

  describe.each(CLIENTS)('with $name', (kind) => {
    let a: TestClient;
    let b: TestClient;
    beforeAll(async () => {
      [a, b] = await Promise.all([kind.connect(redis), kind.connect(redis)]);
    });
    afterAll(async () => {
      await Promise.all([a.close(), b.close()]);
    });
    beforeEach(async () => {
      await raw(a.client, 'FLUSHALL');
    });

    describe('nonces', () => {
      it('pass once across instances: saved on one, consumed on another, refused after', async () => {
        const one = createRedisStores(a.client).nonce;
        const two = createRedisStores(b.client).nonce;
        await one.save('nonce-abc');
        expect(await raw(a.client, 'TTL', 'gmo-aozora-auth:nonce:nonce-abc')).toBe(600);
        expect(await two.check('nonce-abc')).toBe(true);
        expect(await one.check('nonce-abc')).toBe(false);
        expect(await two.check('nonce-never-saved')).toBe(false);
      });

      it('pass once when two instances check the same nonce at the same moment', async () => {
        const one = createRedisStores(a.client).nonce;
        const two = createRedisStores(b.client).nonce;
        await one.save('raced');
        const results = await Promise.all([one.check('raced'), two.check('raced'), one.check('raced'), two.check('raced')]);
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('expire after nonceTtlSec, under the configured prefix', async () => {
        const { nonce } = createRedisStores(a.client, { prefix: 'bff1:', nonceTtlSec: 1 });
        await nonce.save('short-lived');
        expect(await raw(a.client, 'EXISTS', 'bff1:nonce:short-lived')).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        expect(await nonce.check('short-lived')).toBe(false);
      });

      it('let a login started on one instance finish on another, through the client', async () => {
        const bank: MockBankServer = await startMockBankServer();
        try {
          const redirectUri = 'http://127.0.0.1/callback';
          const options = { clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret, baseUrl: bank.baseUrl };
          const first = createTokenClient({ ...options, nonce: createRedisStores(a.client).nonce });
          const second = createTokenClient({ ...options, nonce: createRedisStores(b.client).nonce });
          const { url } = await first.authorizationUrl({ redirectUri, scope: ['openid', 'private:account'] });
          const code = new URL(await approveAuthorization(url)).searchParams.get('code')!;
          const tokens = await second.exchangeCode({ code, redirectUri });
          expect(tokens.idTokenClaims?.sub).toBe('mock-user-0001');
          expect(await raw(a.client, 'KEYS', 'gmo-aozora-auth:nonce:*')).toEqual([]);
        } finally {
          await bank.close();
        }
      });
    });

    describe('token records', () => {
      it('round-trip exactly, one string per session key', async () => {
        const { tokens } = createRedisStores(a.client);
        await tokens.set('session-1', tokensFor(1));
        expect(await createRedisStores(b.client).tokens.get('session-1')).toEqual(tokensFor(1));
        expect(await raw(a.client, 'TYPE', 'gmo-aozora-auth:tokens:session-1')).toBe('string');
        expect(await raw(a.client, 'TTL', 'gmo-aozora-auth:tokens:session-1')).toBe(-1);
        expect(await tokens.get('session-2')).toBeUndefined();
        await tokens.delete('session-1');
        await tokens.delete('session-1');
        expect(await tokens.get('session-1')).toBeUndefined();
      });

      it('live tokenTtlSec after each write, when set', async () => {
        const { tokens } = createRedisStores(a.client, { tokenTtlSec: 3600 });
        await tokens.set('s', tokensFor(1));
        expect(await raw(a.client, 'TTL', 'gmo-aozora-auth:tokens:s')).toBe(3600);
        await raw(a.client, 'EXPIRE', 'gmo-aozora-auth:tokens:s', '10');
        expect(await tokens.compareAndSet('s', tokensFor(1).refreshToken!, tokensFor(2))).toBe(true);
        expect(await raw(a.client, 'TTL', 'gmo-aozora-auth:tokens:s')).toBe(3600);
      });

      it('compareAndSet writes only over the refresh token that was used', async () => {
        const { tokens } = createRedisStores(a.client);
        await tokens.set('s', tokensFor(1));
        expect(await tokens.compareAndSet('s', tokensFor(1).refreshToken!, tokensFor(2))).toBe(true);
        expect(await tokens.get('s')).toEqual(tokensFor(2));
        // A late refresh that used token 1 must not overwrite token 2.
        expect(await tokens.compareAndSet('s', tokensFor(1).refreshToken!, tokensFor(3))).toBe(false);
        expect(await tokens.get('s')).toEqual(tokensFor(2));
        expect(await tokens.compareAndSet('s', tokensFor(1).refreshToken!, undefined)).toBe(false);
        expect(await tokens.compareAndSet('s', tokensFor(2).refreshToken!, undefined)).toBe(true);
        expect(await tokens.get('s')).toBeUndefined();
        expect(await tokens.compareAndSet('s', tokensFor(2).refreshToken!, tokensFor(4))).toBe(false);
        expect(await tokens.get('s')).toBeUndefined();
      });

      it('compareAndSet never matches a record without a refresh token', async () => {
        const { tokens } = createRedisStores(a.client);
        const { refreshToken: _, ...noRefresh } = tokensFor(1);
        await tokens.set('s', noRefresh);
        expect(await tokens.compareAndSet('s', '-', tokensFor(2))).toBe(false);
        expect(await tokens.get('s')).toEqual(noRefresh);
      });

      it('of two racing compareAndSets with one expected token, exactly one wins', async () => {
        const stores = [createRedisStores(a.client).tokens, createRedisStores(b.client).tokens];
        await stores[0]!.set('s', tokensFor(1));
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => stores[i % 2]!.compareAndSet('s', tokensFor(1).refreshToken!, tokensFor(10 + i))),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await stores[1]!.get('s')).toEqual(tokensFor(10 + results.indexOf(true)));
      });

      it('refuse a value that is not a record they wrote with StoreError', async () => {
        const { tokens } = createRedisStores(a.client);
        await raw(a.client, 'SET', 'gmo-aozora-auth:tokens:s', 'not a record');
        await expect(tokens.get('s')).rejects.toThrow(StoreError);
        await raw(a.client, 'SET', 'gmo-aozora-auth:tokens:s', 'tokens1 - {"accessToken":1}');
        await expect(tokens.get('s')).rejects.toThrow(/damaged/);
        await raw(a.client, 'DEL', 'gmo-aozora-auth:tokens:s');
        await raw(a.client, 'HSET', 'gmo-aozora-auth:tokens:s', 'f', 'v');
        const error = await tokens.get('s').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreError);
        expect((error as StoreError).message).toMatch(/WRONGTYPE/);
      });

      it('keep tokens out of a failed command’s StoreError, even where the client attaches the arguments', async () => {
        const { tokens } = createRedisStores(a.client);
        await raw(a.client, 'HSET', 'gmo-aozora-auth:tokens:s', 'f', 'v');
        const error = await tokens.compareAndSet('s', tokensFor(1).refreshToken!, tokensFor(2)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreError);
        for (const view of [inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), String(error)]) {
          expect(view).not.toContain('refresh-token-');
          expect(view).not.toContain('access-token-');
        }
      });
    });

    describe('the refresh lock', () => {
      it('is held by one instance at a time; the next gets it once it is released', async () => {
        const one = createRedisStores(a.client).tokens;
        const two = createRedisStores(b.client).tokens;
        const lock = await one.acquireRefreshLock!('s', { ttlMs: 10_000 });
        let secondHolds = false;
        const second = two.acquireRefreshLock!('s', { ttlMs: 10_000 }).then((held) => {
          secondHolds = true;
          return held;
        });
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(secondHolds).toBe(false);
        expect(await lock.release()).toBe(true);
        const held = await second;
        expect(await raw(a.client, 'PTTL', 'gmo-aozora-auth:lock:s')).toBeGreaterThan(9000);
        await held.release();
        expect(await raw(a.client, 'EXISTS', 'gmo-aozora-auth:lock:s')).toBe(0);
      });

      it('expires when its holder never releases it; the late release then leaves the new holder’s lock alone', async () => {
        const one = createRedisStores(a.client).tokens;
        const two = createRedisStores(b.client).tokens;
        const abandoned = await one.acquireRefreshLock!('s', { ttlMs: 200 });
        const started = Date.now();
        const taken = await two.acquireRefreshLock!('s', { ttlMs: 10_000 });
        expect(Date.now() - started).toBeGreaterThanOrEqual(150);
        expect(await abandoned.release()).toBe(false);
        expect(await raw(a.client, 'EXISTS', 'gmo-aozora-auth:lock:s')).toBe(1);
        await taken.release();
      });

      it('gives up with StoreError after its ttlMs plus the margin when the lock never frees', async () => {
        const { tokens } = createRedisStores(a.client, { lockWaitMarginMs: 100 });
        await raw(a.client, 'SET', 'gmo-aozora-auth:lock:s', 'someone-else', 'PX', '60000');
        const started = Date.now();
        await expect(tokens.acquireRefreshLock!('s', { ttlMs: 200 })).rejects.toThrow(StoreError);
        expect(Date.now() - started).toBeGreaterThanOrEqual(300);
        expect(await raw(a.client, 'GET', 'gmo-aozora-auth:lock:s')).toBe('someone-else');
      });

      it('stops waiting when the signal fires', async () => {
        const { tokens } = createRedisStores(a.client);
        await raw(a.client, 'SET', 'gmo-aozora-auth:lock:s', 'someone-else', 'PX', '60000');
        const controller = new AbortController();
        const waiting = tokens.acquireRefreshLock!('s', { ttlMs: 30_000, signal: controller.signal });
        setTimeout(() => controller.abort(new Error('request gone')), 50);
        await expect(waiting).rejects.toThrow(AbortedError);
      });
    });

    describe('with encryptionKey', () => {
      it('stores neither token in Redis, and a record copied to another key does not open', async () => {
        const { tokens } = createRedisStores(a.client, { encryptionKey: KEY_1 });
        await tokens.set('alice', tokensFor(1));
        const stored = String(await raw(a.client, 'GET', 'gmo-aozora-auth:tokens:alice'));
        expect(stored).not.toContain(tokensFor(1).accessToken);
        expect(stored).not.toContain(tokensFor(1).refreshToken);
        expect(stored).not.toContain('user-1');
        expect(await createRedisStores(b.client, { encryptionKey: KEY_1 }).tokens.get('alice')).toEqual(tokensFor(1));

        await raw(a.client, 'COPY', 'gmo-aozora-auth:tokens:alice', 'gmo-aozora-auth:tokens:mallory', 'REPLACE');
        await expect(tokens.get('mallory')).rejects.toThrow(/does not open/);
      });

      it('compares refresh tokens by fingerprint, so compareAndSet works on sealed records', async () => {
        const { tokens } = createRedisStores(a.client, { encryptionKey: KEY_1 });
        await tokens.set('s', tokensFor(1));
        expect(await tokens.compareAndSet('s', tokensFor(2).refreshToken!, tokensFor(3))).toBe(false);
        expect(await tokens.compareAndSet('s', tokensFor(1).refreshToken!, tokensFor(2))).toBe(true);
        expect(await tokens.get('s')).toEqual(tokensFor(2));
        // The fingerprint is keyed: without the key it cannot be checked against a guessed token.
        const plainFingerprint = String(await raw(a.client, 'GET', 'gmo-aozora-auth:tokens:s')).split(' ')[1];
        expect(plainFingerprint).not.toBe(
          Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(tokensFor(2).refreshToken!))).toString('base64url'),
        );
      });

      it('rotates keys: the first key seals, every listed key opens and compares', async () => {
        const old = createRedisStores(a.client, { encryptionKey: KEY_1 }).tokens;
        const rotated = createRedisStores(b.client, { encryptionKey: [KEY_2, KEY_1] }).tokens;
        await old.set('s', tokensFor(1));
        expect(await rotated.get('s')).toEqual(tokensFor(1));
        expect(await rotated.compareAndSet('s', tokensFor(1).refreshToken!, tokensFor(2))).toBe(true);
        expect(await rotated.get('s')).toEqual(tokensFor(2));
        await expect(old.get('s')).rejects.toThrow(StoreError);
        await expect(createRedisStores(a.client, { encryptionKey: KEY_2 }).tokens.get('s')).resolves.toEqual(tokensFor(2));
      });

      it('refuse an unsealed record, and a store without the key refuses a sealed one', async () => {
        await createRedisStores(a.client).tokens.set('plain', tokensFor(1));
        await expect(createRedisStores(a.client, { encryptionKey: KEY_1 }).tokens.get('plain')).rejects.toThrow(/not encrypted/);
        await createRedisStores(a.client, { encryptionKey: KEY_1 }).tokens.set('sealed', tokensFor(1));
        await expect(createRedisStores(a.client).tokens.get('sealed')).rejects.toThrow(/no encryptionKey/);
      });
    });
  });

  it('refuses a wrong key, a client of neither kind and out-of-range options before any command', () => {
    const send = async () => 'OK';
    expect(() => createRedisStores(send, { encryptionKey: new Uint8Array(16) })).toThrow(ConfigurationError);
    expect(() => createRedisStores(send, { encryptionKey: [] })).toThrow(ConfigurationError);
    expect(() => createRedisStores({} as never)).toThrow(ConfigurationError);
    expect(() => createRedisStores(send, { commandTimeoutMs: 0 })).toThrow(ConfigurationError);
    expect(() => createRedisStores(send, { nonceTtlSec: Number.NaN })).toThrow(ConfigurationError);
  });
});
