// How an instance waiting for the refresh lock behaves: when its caller's signal fires (before,
// or while the lock is being taken), when the lock stays taken, and how often it asks again.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortedError, StoreError } from 'gmo-aozora-auth';
import { createRedisStores, type RedisCommandSender } from 'gmo-aozora-auth/redis';
import { describeWithRedis, raw, rejectionOf, through, useEmptiedRedis } from './redis-server.js';

describeWithRedis('gmo-aozora-auth/redis refresh lock, waiting', () => {
  const a = useEmptiedRedis();

  it('a signal that has already fired rejects at once, without waiting for a Redis that does not answer', async () => {
    const silent: RedisCommandSender = () => new Promise(() => undefined);
    const waiting = createRedisStores(silent, { commandTimeoutMs: 60_000 }).tokens.acquireRefreshLock!('k', {
      ttlMs: 1_000,
      signal: AbortSignal.abort(new Error('gone')),
    });
    const stillWaiting = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_000));
    expect(await Promise.race([rejectionOf(waiting), stillWaiting])).toBeInstanceOf(AbortedError);
  });

  it('a signal that fires while the lock is being taken rejects, and hands the lock back', async () => {
    const controller = new AbortController();
    const abortOnLock = through(a, (command) =>
      command[0] === 'SET' ? raw(a.client, ...command).finally(() => controller.abort(new Error('request gone'))) : undefined,
    );
    const error = await rejectionOf(createRedisStores(abortOnLock).tokens.acquireRefreshLock!('k', { ttlMs: 60_000, signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as Error).cause).toEqual(new Error('request gone'));
    expect(await raw(a.client, 'EXISTS', 'gmo-aozora-auth:lock:k')).toBe(0);
  });

  it('giving up says the lock outlived its lifetime, naming it', async () => {
    await raw(a.client, 'SET', 'gmo-aozora-auth:lock:k', 'someone-else', 'PX', '60000');
    const error = await rejectionOf(createRedisStores(a.client, { lockWaitMarginMs: 0 }).tokens.acquireRefreshLock!('k', { ttlMs: 100 }));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/stayed taken by another instance for longer than its 100 ms lifetime/);
  });
});

// The documented backoff (5 ms doubling to 100 ms, each pause jittered between half and all of
// it), on a fake clock: a sender that finds the lock always taken stands in for Redis, so the
// times of its tries are exact.
describe('gmo-aozora-auth/redis lock polling', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function pausesBetweenTries(random: number) {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(random);
    const tries: number[] = [];
    const lockTaken: RedisCommandSender = async (command) => {
      if (command[0] === 'SET') tries.push(Date.now());
      return null;
    };
    const controller = new AbortController();
    let settled = false;
    const waiting = rejectionOf(createRedisStores(lockTaken).tokens.acquireRefreshLock!('k', { ttlMs: 60_000, signal: controller.signal })).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(600);
    // Aborting mid-pause ends the wait at once, without the pause running out.
    controller.abort(new Error('gone'));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
    expect(await waiting).toBeInstanceOf(AbortedError);
    return tries.slice(1).map((at, i) => at - tries[i]!);
  }

  it('with the longest jitter, pauses double from 5 ms and stay at 100 ms', async () => {
    expect((await pausesBetweenTries(1)).slice(0, 8)).toEqual([5, 10, 20, 40, 80, 100, 100, 100]);
  });

  it('with the shortest jitter, each pause is half as long', async () => {
    // The first, 2.5 ms, is 2 on the fake clock, which counts whole milliseconds.
    expect((await pausesBetweenTries(0)).slice(0, 8)).toEqual([2, 5, 10, 20, 40, 50, 50, 50]);
  });
});
