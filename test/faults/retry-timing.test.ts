import { afterEach, describe, expect, it, vi } from 'vitest';
import { NetworkError, type TokenClientEvent, type TokenClientOptions } from 'gmo-aozora-auth';
import { httpResponse, fakeTokenEndpoint, fetchFailed, networkError, systemError } from '../support/token-endpoint.js';
import { BANK, call, faultClient, rejection } from './harness.js';

/**
 * How long the client waits between tries: the bank's `Retry-After` when it sends one that is
 * short enough, else exponential backoff with "equal jitter". Observed through the `retry`
 * events, with Web Crypto's randomness pinned so the waits are exact.
 */

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Makes every Web Crypto random draw `value` (0 … 0xffffffff). */
function pinRandom(value: number) {
  vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    if (array instanceof Uint32Array) array.fill(value);
    return array;
  });
}

/** The waits between tries when every try is answered with `status` and `headers`. */
async function delays(status: number, headers: Record<string, string>, retry: TokenClientOptions['retry']) {
  const bank = fakeTokenEndpoint(httpResponse(status, '<html>busy</html>', { 'Content-Type': 'text/html', ...headers }));
  const { client, events } = faultClient(BANK, { fetch: bank.fetch, retry });
  await rejection(call(client, 'refresh'));
  const retries = events.filter((e): e is Extract<TokenClientEvent, { type: 'retry' }> => e.type === 'retry');
  return { waits: retries.map((e) => e.delayMs), reasons: retries.map((e) => e.reason), sends: bank.seen.length };
}

describe('backoff without Retry-After', () => {
  it('doubles from baseDelayMs; the highest draw waits the full backoff', async () => {
    pinRandom(0xffffffff);
    const { waits, reasons, sends } = await delays(503, {}, { attempts: 4, baseDelayMs: 6, maxDelayMs: 1000 });
    expect(waits).toEqual([6, 12, 24]);
    expect(reasons).toEqual(['HTTP 503', 'HTTP 503', 'HTTP 503']);
    expect(sends).toBe(4);
  });

  it('the lowest draw still waits half the backoff, so retries spread out but never bunch at zero', async () => {
    pinRandom(0);
    expect((await delays(503, {}, { attempts: 3, baseDelayMs: 10, maxDelayMs: 1000 })).waits).toEqual([5, 10]);
  });

  it('a middle draw lands between the half and the full backoff', async () => {
    pinRandom(0x80000000);
    expect((await delays(429, {}, { attempts: 2, baseDelayMs: 20, maxDelayMs: 1000 })).waits).toEqual([15]);
  });

  it('maxDelayMs caps the backoff', async () => {
    pinRandom(0xffffffff);
    expect((await delays(503, {}, { attempts: 4, baseDelayMs: 8, maxDelayMs: 12 })).waits).toEqual([8, 12, 12]);
  });

  it('attempts is the total number of tries, the first included', async () => {
    expect((await delays(503, {}, { attempts: 1, baseDelayMs: 1 })).sends).toBe(1);
    expect((await delays(503, {}, { attempts: 2, baseDelayMs: 1 })).sends).toBe(2);
    expect((await delays(503, {}, false)).sends).toBe(1);
  });
});

describe('Retry-After', () => {
  it('in seconds is waited for when it is within maxDelayMs, the limit itself included', async () => {
    expect((await delays(503, { 'Retry-After': '0' }, { attempts: 2, baseDelayMs: 50 })).waits).toEqual([0]);
    expect((await delays(503, { 'Retry-After': ' 1 ' }, { attempts: 2, baseDelayMs: 50, maxDelayMs: 1000 })).waits).toEqual([1000]);
  });

  it('asking for longer than maxDelayMs ends the retries: one send', async () => {
    const { waits, sends } = await delays(503, { 'Retry-After': '2' }, { attempts: 3, baseDelayMs: 1, maxDelayMs: 1999 });
    expect(waits).toEqual([]);
    expect(sends).toBe(1);
  });

  it('in seconds of more than one digit is read whole', async () => {
    const { waits, sends } = await delays(503, { 'Retry-After': '12' }, { attempts: 3, baseDelayMs: 1, maxDelayMs: 11_999 });
    expect(waits).toEqual([]);
    expect(sends).toBe(1);
  });

  it('as an HTTP date is read relative to now; a date in the past means at once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = Date.UTC(2026, 0, 15, 9, 30, 0);
    vi.setSystemTime(now);
    const at = (ms: number) => new Date(now + ms).toUTCString();
    expect((await delays(503, { 'Retry-After': at(0) }, { attempts: 2, baseDelayMs: 50 })).waits).toEqual([0]);
    expect((await delays(503, { 'Retry-After': at(-5000) }, { attempts: 2, baseDelayMs: 50 })).waits).toEqual([0]);
    expect((await delays(503, { 'Retry-After': at(2000) }, { attempts: 2, baseDelayMs: 50, maxDelayMs: 1999 })).sends).toBe(1);
  });

  it.each(['-1', '1.5', 'soon', 'in 5 minutes', '', '1 Z', 'UT 1'])('a malformed value (%j) is ignored: the backoff decides', async (value) => {
    pinRandom(0xffffffff);
    expect((await delays(503, { 'Retry-After': value }, { attempts: 2, baseDelayMs: 7, maxDelayMs: 1000 })).waits).toEqual([7]);
  });
});

describe('what is retried', () => {
  it.each([500, 502, 504, 400, 401])('HTTP %i without an OAuth error body is not retried', async (status) => {
    expect((await delays(status, {}, { attempts: 3, baseDelayMs: 1 })).sends).toBe(1);
  });

  it('a network failure is reported by its code in the retry event', async () => {
    const events: TokenClientEvent[] = [];
    const bank = fakeTokenEndpoint(networkError(fetchFailed(systemError('ECONNREFUSED'))));
    const { client } = faultClient(BANK, { fetch: bank.fetch, onEvent: (event) => events.push(event), retry: { attempts: 2, baseDelayMs: 1 } });
    expect(await rejection(call(client, 'refresh'))).toBeInstanceOf(NetworkError);
    expect(events.filter((e) => e.type === 'retry').map((e) => (e as { reason: string }).reason)).toEqual(['NETWORK_ERROR']);
  });
});
