// createMemoryTokenStore: the TokenStore contract as the manager relies on it, and the reference
// behaviour of its lock for other stores.
import { describe, expect, it, vi } from 'vitest';
import { createMemoryTokenStore, type StoredTokens } from 'gmo-aozora-auth';

const record = (n: number): StoredTokens => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, tokenType: 'Bearer', expiresAt: n });

describe('records', () => {
  it('keeps copies: mutating what went in or came out changes nothing stored', async () => {
    const store = createMemoryTokenStore();
    const original = { ...record(1) };
    await store.set('k', original);
    (original as { accessToken: string }).accessToken = 'changed';
    const read = (await store.get('k')) as { accessToken: string };
    read.accessToken = 'changed too';
    expect(await store.get('k')).toEqual(record(1));
  });

  it('compareAndSet writes only while the expected refresh token is stored', async () => {
    const store = createMemoryTokenStore();
    expect(await store.compareAndSet('k', 'refresh-1', record(2))).toBe(false);
    await store.set('k', record(1));
    expect(await store.compareAndSet('k', 'refresh-0', record(2))).toBe(false);
    expect(await store.get('k')).toEqual(record(1));
    expect(await store.compareAndSet('k', 'refresh-1', record(2))).toBe(true);
    expect(await store.get('k')).toEqual(record(2));
    expect(await store.compareAndSet('k', 'refresh-2', undefined)).toBe(true);
    expect(await store.get('k')).toBeUndefined();
    await store.delete('k');
  });
});

describe('acquireRefreshLock', () => {
  it('one holder per key, waiters served in order; other keys are independent', async () => {
    const store = createMemoryTokenStore();
    const order: string[] = [];
    const first = await store.acquireRefreshLock!('k', { ttlMs: 10_000 });
    const queue = (name: string) =>
      store.acquireRefreshLock!('k', { ttlMs: 10_000 }).then((lock) => {
        order.push(name);
        return lock;
      });
    const second = queue('second');
    const third = queue('third');
    const other = await store.acquireRefreshLock!('other', { ttlMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    await first.release();
    await first.release(); // a second release must not free the next holder's lock
    await (await second).release();
    await (await third).release();
    expect(order).toEqual(['second', 'third']);
    await other.release();
  });

  it('an abandoned lock expires after ttlMs', async () => {
    vi.useFakeTimers();
    try {
      const store = createMemoryTokenStore();
      await store.acquireRefreshLock!('k', { ttlMs: 50 });
      let taken = false;
      const next = store.acquireRefreshLock!('k', { ttlMs: 10_000 }).then((lock) => {
        taken = true;
        return lock;
      });
      await vi.advanceTimersByTimeAsync(49);
      expect(taken).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(taken).toBe(true);
      await (await next).release();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a waiter whose signal fires gives up, and the lock passes to the next one', async () => {
    const store = createMemoryTokenStore();
    const held = await store.acquireRefreshLock!('k', { ttlMs: 10_000 });
    const controller = new AbortController();
    const leaving = store.acquireRefreshLock!('k', { ttlMs: 10_000, signal: controller.signal });
    const staying = store.acquireRefreshLock!('k', { ttlMs: 10_000 });
    controller.abort(new Error('gone'));
    await expect(leaving).rejects.toMatchObject({ code: 'ABORTED' });
    await held.release();
    await (await staying).release();
  });
});
