// The Redis stores' refusals, on a real redis-server: what another application's keys, an empty
// nonce or a damaged value lead to. Each is a StoreError (or a refusal) saying what is wrong,
// never a token handed out or a nonce accepted.
import { describe, expect, it } from 'vitest';
import { AbortedError, ConfigurationError, StoreError } from 'gmo-aozora-auth';
import { createRedisStores } from 'gmo-aozora-auth/redis';
import { describeWithRedis, raw, useEmptiedRedis } from './redis-server.js';

describeWithRedis('gmo-aozora-auth/redis refusals', () => {
  const a = useEmptiedRedis();

  it('a prefix that is not a string is refused, naming it', () => {
    const error = (() => {
      try {
        createRedisStores(a.client, { prefix: 7 as never });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option: 'prefix', problem: 'must be a string' });
  });

  describe('nonces', () => {
    it('an empty nonce never passes, even when the key it would name exists', async () => {
      await raw(a.client, 'SET', 'gmo-aozora-auth:nonce:', '1');
      expect(await createRedisStores(a.client).nonce.check('')).toBe(false);
    });

    it('saving a nonce that already exists is a StoreError that suspects another application', async () => {
      await raw(a.client, 'SET', 'gmo-aozora-auth:nonce:taken', '1');
      const error = await Promise.resolve(createRedisStores(a.client).nonce.save('taken')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe('the nonce was already saved; is another application using this key prefix?');
    });
  });

  describe('token records', () => {
    it.each([
      ['without any space', 'tokens1eX'],
      ['with one space only', 'tokens1 {"accessToken":"a"}'],
    ])('a value %s is not a token record', async (_, value) => {
      await raw(a.client, 'SET', 'gmo-aozora-auth:tokens:k', value);
      const error = await createRedisStores(a.client)
        .tokens.get('k')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe('the value under the token key is not a token record; is another application using this key prefix?');
    });

    it('a sealed value too short to hold an IV and a tag is refused as not sealed', async () => {
      await raw(a.client, 'SET', 'gmo-aozora-auth:tokens:k', 'tokens1e - AAAA');
      const error = await createRedisStores(a.client, { encryptionKey: new Uint8Array(32).fill(3) })
        .tokens.get('k')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe('the stored token record is not a sealed record');
    });
  });

  describe('the refresh lock', () => {
    it('a ttlMs that is not positive is refused, saying what it must be', async () => {
      const lock = createRedisStores(a.client).tokens.acquireRefreshLock!('k', { ttlMs: 0 });
      await expect(lock).rejects.toThrow(new RangeError('ttlMs must be a positive number of milliseconds'));
    });

    it('a signal that has already fired takes no lock, and leaves it free', async () => {
      const { tokens } = createRedisStores(a.client);
      await expect(tokens.acquireRefreshLock!('k', { ttlMs: 5_000, signal: AbortSignal.abort(new Error('gone')) })).rejects.toBeInstanceOf(AbortedError);
      expect(await raw(a.client, 'EXISTS', 'gmo-aozora-auth:lock:k')).toBe(0);
    });
  });
  describe('a command sender that fails', () => {
    /** A sender that passes every command to the real server except GET, which fails as `fail` says. */
    const failingGet = (fail: () => Promise<unknown>) => (command: string[]) => (command[0] === 'GET' ? fail() : raw(a.client, ...command));

    it('one that throws instead of rejecting is a StoreError carrying its error', async () => {
      const thrown = new TypeError('socket closed');
      const sender = failingGet(() => {
        throw thrown;
      });
      const error = await createRedisStores(sender, { commandTimeoutMs: 2_000 })
        .tokens.get('k')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe('Redis failed while reading tokens: TypeError: socket closed');
    });

    it('one that rejects with a non-Error value is a StoreError saying so, not a hang', async () => {
      const error = await createRedisStores(
        failingGet(() => Promise.reject('ECONNRESET')),
        { commandTimeoutMs: 2_000 },
      )
        .tokens.get('k')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe('Redis failed while reading tokens: Error: the Redis client rejected with a non-Error value');
    });

    it('the cause keeps a string code and the name, and nothing else of the client’s error', async () => {
      const failure = Object.assign(new Error('connection reset'), { name: 'ConnectionError', code: 'ECONNRESET', command: { args: ['refresh-1'] } });
      const error = (await createRedisStores(failingGet(() => Promise.reject(failure)))
        .tokens.get('k')
        .catch((e: unknown) => e)) as StoreError;
      expect(error.cause).toBeInstanceOf(Error);
      expect(error.cause).not.toBe(failure);
      expect({ ...(error.cause as object) }).toEqual({ name: 'ConnectionError', code: 'ECONNRESET' });
      expect(error.cause).toMatchObject({ name: 'ConnectionError', message: 'connection reset' });
    });

    it('a code that is not a string is left out of the cause', async () => {
      const failure = Object.assign(new Error('busy'), { code: 7 });
      const error = (await createRedisStores(failingGet(() => Promise.reject(failure)))
        .tokens.get('k')
        .catch((e: unknown) => e)) as StoreError;
      expect(Object.keys(error.cause as object)).not.toContain('code');
    });
  });
});
