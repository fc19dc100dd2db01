import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore } from 'gmo-aozora-auth';

/**
 * The in-memory nonce hooks: a saved nonce is accepted once, within its lifetime, and the store
 * stays bounded. The clock is injected, so lifetimes are exact.
 */

describe('createMemoryNonceStore', () => {
  it('accepts a saved nonce once: a replay is refused', () => {
    const store = createMemoryNonceStore();
    store.save('n1');
    expect(store.check('n1')).toBe(true);
    expect(store.check('n1')).toBe(false);
  });

  it('refuses a nonce it never saw', () => {
    expect(createMemoryNonceStore().check('never-saved')).toBe(false);
  });

  it('a nonce is valid until just before its time to live has passed', () => {
    let now = 1_000;
    const store = createMemoryNonceStore({ ttlMs: 500, now: () => now });
    store.save('fresh');
    store.save('stale');
    now = 1_499;
    expect(store.check('fresh')).toBe(true);
    now = 1_500;
    expect(store.check('stale')).toBe(false);
  });

  it('keeps a nonce ten minutes by default, the id_token age limit of the bank’s SDKs', () => {
    let now = 0;
    const store = createMemoryNonceStore({ now: () => now });
    store.save('a');
    store.save('b');
    now = 600_000 - 1;
    expect(store.check('a')).toBe(true);
    now = 600_000;
    expect(store.check('b')).toBe(false);
  });

  it('a refused (expired) nonce is consumed too', () => {
    let now = 0;
    const store = createMemoryNonceStore({ ttlMs: 10, now: () => now });
    store.save('n');
    now = 20;
    expect(store.check('n')).toBe(false);
    now = 0;
    expect(store.check('n')).toBe(false);
  });

  it('a full store makes room by dropping expired nonces, never the live ones saved after them', () => {
    let now = 0;
    const store = createMemoryNonceStore({ ttlMs: 100, maxEntries: 2, now: () => now });
    store.save('old');
    now = 50;
    store.save('live');
    now = 120;
    store.save('new');
    expect(store.check('live')).toBe(true);
    expect(store.check('new')).toBe(true);
  });
});
