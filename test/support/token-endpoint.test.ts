import { describe, expect, it } from 'vitest';
import { createTokenClient, GanbAuthError } from 'gmo-aozora-auth';
import { type ConnectionFault, fakeTokenEndpoint, jsonResponse, networkError, refusingBaseUrl } from './token-endpoint.js';

/**
 * The fake plays connection faults in memory the way Node's fetch reports them on a real socket,
 * so tests that need no socket can use it. Each fault, played both ways, must give the client
 * the same error: if undici changes how it reports one, this says which in-memory fault to fix.
 */

const options = { clientId: 'parity-client', clientSecret: 'parity-secret', retry: false } as const;
/** Long enough for a loopback round trip on a loaded machine; short where the fault is waiting out the deadline. */
const ROUND_TRIP_MS = 10_000;
const DEADLINE_MS = 300;
const MEMORY_BASE = 'https://bank.invalid/ganb/api/auth/v1';

/** The error class, code and phase a refresh fails with: what the client concluded from the fault. */
async function outcome(baseUrl: string, fetch?: typeof globalThis.fetch, timeoutMs = ROUND_TRIP_MS) {
  const client = createTokenClient({ ...options, timeoutMs, baseUrl, ...(fetch ? { fetch } : {}) });
  const error = await client.refresh({ refreshToken: 'refresh-1' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GanbAuthError);
  const { name, code, phase } = error as GanbAuthError & { phase?: string };
  return { name, code, phase };
}

describe('a connection fault played in memory gives the client the error a socket gives', () => {
  it.each<[string, ConnectionFault, number]>([
    ['reset before any response', { kind: 'reset-before-response' }, ROUND_TRIP_MS],
    ['reset mid-response', { kind: 'reset-mid-response', partial: '{"access_token":"at-1","token_type":"Bea' }, ROUND_TRIP_MS],
    ['no response', { kind: 'hang' }, DEADLINE_MS],
    ['a drip past the deadline', { kind: 'drip', everyMs: 20 }, DEADLINE_MS],
  ])('%s', async (_fault, fault, timeoutMs) => {
    const inMemory = fakeTokenEndpoint(fault);
    const onSocket = fakeTokenEndpoint(fault);
    const server = await onSocket.listen();
    try {
      const overSocket = await outcome(server.baseUrl, undefined, timeoutMs);
      expect(await outcome(MEMORY_BASE, inMemory.fetch, timeoutMs)).toEqual(overSocket);
      expect([inMemory.seen.length, onSocket.seen.length]).toEqual([1, 1]);
    } finally {
      await server.close();
    }
  });

  it('a failed connect in memory is what nothing listening on 127.0.0.1 gives', async () => {
    const inMemory = fakeTokenEndpoint(networkError());
    expect(await outcome(MEMORY_BASE, inMemory.fetch)).toEqual(await outcome(await refusingBaseUrl()));
  });
});

describe('a request is recorded alike in memory and over a socket', () => {
  it('method, path, headers and form fields', async () => {
    const inMemory = fakeTokenEndpoint(jsonResponse({ access_token: 'at-1', token_type: 'Bearer' }));
    const onSocket = fakeTokenEndpoint(jsonResponse({ access_token: 'at-1', token_type: 'Bearer' }));
    const server = await onSocket.listen();
    try {
      await createTokenClient({ ...options, baseUrl: MEMORY_BASE, fetch: inMemory.fetch }).refresh({ refreshToken: 'refresh-1' });
      await createTokenClient({ ...options, baseUrl: server.baseUrl }).refresh({ refreshToken: 'refresh-1' });
    } finally {
      await server.close();
    }
    const [memory, socket] = [inMemory.seen[0]!, onSocket.seen[0]!];
    for (const request of [memory, socket]) {
      expect(request).toMatchObject({ method: 'POST', path: '/ganb/api/auth/v1/token', contentType: 'application/x-www-form-urlencoded' });
      expect(request.authorization).toMatch(/^Basic /);
      expect(request.fields).toEqual([
        ['grant_type', 'refresh_token'],
        ['refresh_token', 'refresh-1'],
      ]);
    }
    expect(memory.authorization).toBe(socket.authorization);
    expect(memory.headers.accept).toBe(socket.headers.accept);
  });
});

describe('scripts', () => {
  it('play in order, the last repeating; respondOnce goes first; respondWith starts over', async () => {
    const bank = fakeTokenEndpoint(jsonResponse({ error: 'invalid_grant' }, 400), jsonResponse({ access_token: 'at-1', token_type: 'Bearer' }));
    const status = async () => (await bank.fetch('https://bank.invalid/token', { method: 'POST' })).status;
    expect([await status(), await status(), await status()]).toEqual([400, 200, 200]);
    bank.respondOnce(jsonResponse({}, 503));
    bank.respondWith(jsonResponse({}, 502), jsonResponse({}, 504));
    expect([await status(), await status(), await status(), await status()]).toEqual([503, 502, 504, 504]);
    expect(bank.seen).toHaveLength(7);
  });
});
