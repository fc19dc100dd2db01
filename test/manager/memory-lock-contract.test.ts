// The memory store's refresh lock is the reference for the TokenStore contract: one holder per
// key at any moment. Each test checks who holds the lock at the moment it matters, not only the
// order in which holders came.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTokenStore, type RefreshLock } from 'gmo-aozora-auth';

afterEach(() => vi.restoreAllMocks());

/** Queues for the lock and tells whether it has been granted yet. */
function waitFor(store: ReturnType<typeof createMemoryTokenStore>, signal?: AbortSignal) {
  const state: { lock: RefreshLock | undefined; error: unknown } = { lock: undefined, error: undefined };
  const settled = store.acquireRefreshLock!('k', { ttlMs: 60_000, ...(signal ? { signal } : {}) }).then(
    (lock) => {
      state.lock = lock;
    },
    (error: unknown) => {
      state.error = error;
    },
  );
  return { state, settled };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('one holder at a time', () => {
  it('releasing twice hands the lock on once: the third waiter still waits for the second holder', async () => {
    const store = createMemoryTokenStore();
    const first = await store.acquireRefreshLock!('k', { ttlMs: 60_000 });
    const second = waitFor(store);
    const third = waitFor(store);
    await first.release();
    await first.release();
    await tick();
    expect(second.state.lock).toBeDefined();
    expect(third.state.lock).toBeUndefined();
    await second.state.lock!.release();
    await third.settled;
    expect(third.state.lock).toBeDefined();
    await third.state.lock!.release();
  });

  it('the first waiter giving up passes the lock to the next one at once, not after a ttl', async () => {
    const store = createMemoryTokenStore();
    const held = await store.acquireRefreshLock!('k', { ttlMs: 60_000 });
    const controller = new AbortController();
    const leaving = waitFor(store, controller.signal);
    const staying = waitFor(store);
    controller.abort(new Error('gone'));
    await leaving.settled;
    expect(leaving.state.error).toMatchObject({ code: 'ABORTED', cause: new Error('gone') });
    await held.release();
    await tick();
    expect(staying.state.lock).toBeDefined();
    await staying.state.lock!.release();
  });

  it('a signal that has already fired gets no lock, even a free one', async () => {
    const store = createMemoryTokenStore();
    await expect(store.acquireRefreshLock!('k', { ttlMs: 60_000, signal: AbortSignal.abort(new Error('late')) })).rejects.toMatchObject({
      code: 'ABORTED',
    });
    const lock = await store.acquireRefreshLock!('k', { ttlMs: 60_000 });
    await lock.release();
  });
});

describe('runtimes', () => {
  it('works where timers are plain numbers without unref (browsers, some edge runtimes)', async () => {
    vi.spyOn(globalThis, 'setTimeout').mockImplementation((() => 1) as never);
    vi.spyOn(globalThis, 'clearTimeout').mockImplementation(() => undefined);
    const store = createMemoryTokenStore();
    const lock = await store.acquireRefreshLock!('k', { ttlMs: 60_000 });
    await lock.release();
  });
});
