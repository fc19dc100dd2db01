// The Redis stores' details a user acts on, on a real redis-server: which option a refusal names,
// which operation a failed command names, which stored values are refused, what a reply of
// another shape (bytes, `undefined`) reads as, and what an unknown command's error keeps. Waiting
// for the refresh lock is in lock-waiting.test.ts.
import { RESP_TYPES } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, StoreError, type StoredTokens } from 'gmo-aozora-auth';
import { createRedisStores, type RedisCommandSender } from 'gmo-aozora-auth/redis';
import { CLIENTS, describeWithRedis, raw, startRedis, type TestClient, type TestRedis, rejectionOf, through, useEmptiedRedis } from './redis-server.js';

const KEY = new Uint8Array(32).fill(5);
const TOKENS: StoredTokens = {
  accessToken: 'access-token-details-xxxxxxxxxxxx',
  refreshToken: 'refresh-token-details-yyyyyyyyyyyy',
  tokenType: 'Bearer',
  expiresAt: 1_800_000_000_000,
};

/** A ConfigurationError thrown by `create`, or undefined. */
function refusal(create: () => unknown): ConfigurationError | undefined {
  try {
    create();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  return undefined;
}

describe('gmo-aozora-auth/redis options', () => {
  const send: RedisCommandSender = async () => 'OK';

  it.each([
    ['nonceTtlSec', { nonceTtlSec: -1 }],
    ['tokenTtlSec', { tokenTtlSec: Number.NaN }],
    ['commandTimeoutMs', { commandTimeoutMs: 0 }],
    ['lockWaitMarginMs', { lockWaitMarginMs: -5 }],
  ])('an out-of-range %s is refused, naming it', (option, options) => {
    expect(refusal(() => createRedisStores(send, options))).toMatchObject({ option });
  });

  it('a lockWaitMarginMs of 0 is accepted: give up as soon as the lock’s lifetime is over', () => {
    expect(refusal(() => createRedisStores(send, { lockWaitMarginMs: 0 }))).toBeUndefined();
  });

  it('a client of neither kind is refused, saying which clients are accepted', () => {
    const error = refusal(() => createRedisStores({ get: () => undefined } as never));
    expect(error).toMatchObject({ option: 'redis' });
    expect(error?.problem).toMatch(/node-redis client.*ioredis client.*function sending one raw command/);
  });

  it.each([
    ['an empty list of keys', [], /at least one key/],
    ['a 16-byte key', new Uint8Array(16), /32 random bytes/],
    ['a list holding a short key', [KEY, new Uint8Array(31)], /32 random bytes/],
  ])('%s is refused as encryptionKey, saying what a key must be', (_, encryptionKey, problem) => {
    const error = refusal(() => createRedisStores(send, { encryptionKey }));
    expect(error).toMatchObject({ option: 'encryptionKey' });
    expect(error?.problem).toMatch(problem);
  });
});

describeWithRedis('gmo-aozora-auth/redis details', () => {
  const a = useEmptiedRedis();

  describe('a failed command names what the store was doing', () => {
    const failing = (name: string) => through(a, (command) => (command[0] === name ? Promise.reject(new Error('boom')) : undefined));
    const failure = async (name: string, act: (stores: ReturnType<typeof createRedisStores>) => unknown) => {
      const error = await rejectionOf(Promise.resolve(act(createRedisStores(failing(name)))));
      expect(error).toBeInstanceOf(StoreError);
      return (error as Error).message;
    };

    it('saving and deleting tokens', async () => {
      expect(await failure('SET', (s) => s.tokens.set('k', TOKENS))).toBe('Redis failed while saving tokens: Error: boom');
      expect(await failure('DEL', (s) => s.tokens.delete('k'))).toBe('Redis failed while deleting tokens: Error: boom');
    });

    it('saving or deleting refreshed tokens', async () => {
      expect(await failure('EVAL', (s) => s.tokens.compareAndSet('k', 'old', TOKENS))).toBe('Redis failed while saving refreshed tokens: Error: boom');
      expect(await failure('EVAL', (s) => s.tokens.compareAndSet('k', 'old', undefined))).toBe('Redis failed while deleting refreshed tokens: Error: boom');
    });

    it('taking and releasing the refresh lock', async () => {
      expect(await failure('SET', (s) => s.tokens.acquireRefreshLock!('k', { ttlMs: 1_000 }))).toBe('Redis failed while taking the refresh lock: Error: boom');
      const lock = await createRedisStores(failing('EVAL')).tokens.acquireRefreshLock!('k', { ttlMs: 1_000 });
      const error = await rejectionOf(lock.release());
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe('Redis failed while releasing the refresh lock: Error: boom');
    });

    it('saving and checking a nonce', async () => {
      expect(await failure('SET', (s) => s.nonce.save('n'))).toBe('Redis failed while saving a nonce: Error: boom');
      expect(await failure('GETDEL', (s) => s.nonce.check('n'))).toBe('Redis failed while checking a nonce: Error: boom');
    });
  });

  describe('replies of another shape', () => {
    it('a sender answering a missing key with undefined reads as no tokens, and as an unknown nonce', async () => {
      const undefinedForNil = through(a, (command) => raw(a.client, ...command).then((reply) => reply ?? undefined));
      const stores = createRedisStores(undefinedForNil);
      expect(await stores.tokens.get('never-saved')).toBeUndefined();
      expect(await stores.nonce.check('never-saved')).toBe(false);
    });

    it('a GET answered with something other than a string is a StoreError, not tokens', async () => {
      const error = await rejectionOf(createRedisStores(through(a, (command) => (command[0] === 'GET' ? Promise.resolve(42) : undefined))).tokens.get('k'));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/not a string; is another application using this key prefix/);
    });

    it('a client that returns bytes works like one that returns strings', async () => {
      const bytes = (a.client as Extract<TestClient['client'], { withTypeMapping: unknown }>).withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
      expect(await raw(bytes as never, 'ECHO', 'x')).toBeInstanceOf(Buffer);
      const { tokens, nonce } = createRedisStores(bytes, { encryptionKey: KEY });
      await tokens.set('k', TOKENS);
      expect(await tokens.get('k')).toEqual(TOKENS);
      await nonce.save('n');
      expect(await nonce.check('n')).toBe(true);
    });
  });

  describe('stored values', () => {
    const stored = (value: string) => raw(a.client, 'SET', 'gmo-aozora-auth:tokens:k', value);

    it('a record without a refresh token is written as `tokens1 - <JSON>`, the format every release reads', async () => {
      const { refreshToken: _, ...withoutRefresh } = TOKENS;
      await createRedisStores(a.client).tokens.set('k', withoutRefresh);
      expect(await raw(a.client, 'GET', 'gmo-aozora-auth:tokens:k')).toBe(`tokens1 - ${JSON.stringify(withoutRefresh)}`);
    });

    it('a record of an unknown format is refused, even when its body would parse', async () => {
      await stored(`tokens2 - ${JSON.stringify(TOKENS)}`);
      const error = await rejectionOf(createRedisStores(a.client).tokens.get('k'));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/not a token record/);
    });

    it.each([
      ['not JSON', '{"accessToken":'],
      ['null', 'null'],
      ['a string', '"access"'],
      ['without accessToken', '{"tokenType":"Bearer","expiresAt":1}'],
      ['without tokenType', '{"accessToken":"a","expiresAt":1}'],
      ['without expiresAt', '{"accessToken":"a","tokenType":"Bearer"}'],
      ['with expiresAt a string', '{"accessToken":"a","tokenType":"Bearer","expiresAt":"1"}'],
      ['with refreshToken a number', '{"accessToken":"a","tokenType":"Bearer","expiresAt":1,"refreshToken":7}'],
    ])('a record %s is refused as damaged, never handed out', async (_, json) => {
      await stored(`tokens1 - ${json}`);
      const error = await rejectionOf(createRedisStores(a.client).tokens.get('k'));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/damaged/);
    });

    it('a record with every field in place is handed out', async () => {
      await stored('tokens1 - {"accessToken":"a","tokenType":"Bearer","expiresAt":1,"refreshToken":"r"}');
      expect(await createRedisStores(a.client).tokens.get('k')).toEqual({ accessToken: 'a', tokenType: 'Bearer', expiresAt: 1, refreshToken: 'r' });
    });

    it.each([
      ['characters outside base64url', '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'],
      ['exactly an IV and a tag, no content', 'A'.repeat(38)],
    ])('a sealed body of %s is refused as not sealed', async (_, body) => {
      await stored(`tokens1e - ${body}`);
      const error = await rejectionOf(createRedisStores(a.client, { encryptionKey: KEY }).tokens.get('k'));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe('the stored token record is not a sealed record');
    });

    it('a sealed record with line breaks slipped into it is refused, not opened', async () => {
      const { tokens } = createRedisStores(a.client, { encryptionKey: KEY });
      await tokens.set('k', TOKENS);
      const value = String(await raw(a.client, 'GET', 'gmo-aozora-auth:tokens:k'));
      // Two CRLFs keep the length a multiple of four, so a lenient base64 decoder would take it.
      await stored(`${value.slice(0, -20)}\r\n${value.slice(-20, -10)}\r\n${value.slice(-10)}`);
      const error = await rejectionOf(tokens.get('k'));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe('the stored token record is not a sealed record');
    });
  });

  describe('nonces', () => {
    it('a nonce that is not a string never passes, even when the key it would name exists', async () => {
      await raw(a.client, 'SET', 'gmo-aozora-auth:nonce:undefined', '1');
      await raw(a.client, 'SET', 'gmo-aozora-auth:nonce:123', '1');
      const { nonce } = createRedisStores(a.client);
      expect(await nonce.check(undefined as never)).toBe(false);
      expect(await nonce.check(123 as never)).toBe(false);
    });
  });
});

// Redis echoes the arguments of a command it does not know in its error ("…, with args beginning
// with: 'key' 'tokens1 … {"accessToken":…'"): a managed Redis that renamed a command away must
// not turn a failed save into a leaked token.
describeWithRedis('gmo-aozora-auth/redis on a Redis without SET', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis({ args: ['--rename-command', 'SET', 'SET-elsewhere'] });
  });
  afterAll(() => redis.close());

  it.each(CLIENTS)('with $name, the StoreError says the command is unknown and holds none of its arguments', async (kind) => {
    const client = await kind.connect(redis);
    try {
      const error = await rejectionOf(createRedisStores(client.client).tokens.set('k', TOKENS));
      expect(error).toBeInstanceOf(StoreError);
      const { message } = error as StoreError;
      expect(message).toMatch(/^Redis failed while saving tokens: \w+: ERR unknown command 'SET'$/);
      expect((error as StoreError).cause).toMatchObject({ message: "ERR unknown command 'SET'" });
    } finally {
      await client.close();
    }
  });
});
