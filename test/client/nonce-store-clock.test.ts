// The memory nonce store under a clock that is set back (NTP, a VM resumed): expired nonces are
// swept by their expiry, not by their age in the store, so a live nonce is never the one dropped.
import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore } from 'gmo-aozora-auth';

describe('a full store under a clock set back', () => {
  it('drops the expired nonce even when it was saved after the live one', () => {
    let now = 1_000;
    const store = createMemoryNonceStore({ ttlMs: 100, maxEntries: 2, now: () => now });
    store.save('live'); // expires at 1 100
    now = 0; // the clock is set back
    store.save('expired'); // expires at 100
    now = 100; // 'expired' expires exactly now; 'live' has 1 000 ms left
    store.save('new');
    expect(store.check('live')).toBe(true);
    expect(store.check('new')).toBe(true);
    expect(store.check('expired')).toBe(false);
  });
});
