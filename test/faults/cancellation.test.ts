import { describe, expect, it } from 'vitest';
import { AbortedError, InvalidInputError, type TokenClient, type TokenClientEvent } from 'gmo-aozora-auth';
import { echoPage, fakeTokenEndpoint, jsonResponse, type Script, serveTokenEndpoint } from '../support/token-endpoint.js';
import { BANK, CALLS, REDIRECT_URI, call, expectNoSecrets, faultClient, rejection, watchTimers } from './harness.js';
import { ROWS } from './rows.js';

/**
 * The caller's AbortSignal ends a call at any point (in flight, reading the body, waiting to
 * retry) with an AbortedError, closes the connection and leaves no timer; a signal that has
 * already fired, and invalid input, send nothing at all.
 */

/** A bank answering `script`, a client on it, and a promise of the first `retry` event. */
function setUp(script: Script, options: Parameters<typeof faultClient>[1] = {}) {
  const bank = fakeTokenEndpoint(script);
  let retrying!: (event: TokenClientEvent) => void;
  const retryEvent = new Promise<TokenClientEvent>((resolve) => (retrying = resolve));
  const { client } = faultClient(BANK, { fetch: bank.fetch, ...options, onEvent: (event) => event.type === 'retry' && retrying(event) });
  return { bank, client, retryEvent };
}

describe(ROWS.callerAbort.fault, () => {
  it.each([
    ['waiting for the answer', { kind: 'hang' }],
    ['the server drips its body', { kind: 'drip', everyMs: 20 }],
  ] as const)('while %s', async (_when, script) => {
    for (const which of CALLS) {
      // Over a socket: an abort must close the connection, which only a real one shows.
      const server = await serveTokenEndpoint(script);
      const { client } = faultClient(server.baseUrl);
      try {
        const timers = watchTimers();
        const controller = new AbortController();
        const pending = call(client, which, controller.signal);
        await server.arrived(1);
        const reason = new Error('the user closed the tab');
        controller.abort(reason);
        const error = await rejection(pending);
        expect(error, which).toBeInstanceOf(AbortedError);
        expect(error).toMatchObject({ code: 'ABORTED', cause: reason });
        await server.seen[0]!.socketClosed;
        expect(server.seen).toHaveLength(1);
        expect(await timers.leftBehind()).toBe(0);
        expectNoSecrets(error);
      } finally {
        await server.close();
      }
    }
  });
});

describe(ROWS.callerAbortWait.fault, () => {
  it.each(CALLS)('%s: a 503 asking for a 30 s wait, aborted during the wait → AbortedError, no second try', async (which) => {
    const { bank, client, retryEvent } = setUp(echoPage(503, { 'Retry-After': '30' }), { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 60_000 } });
    const timers = watchTimers();
    const controller = new AbortController();
    const pending = call(client, which, controller.signal);
    expect(await retryEvent).toMatchObject({ type: 'retry', attempt: 1, delayMs: 30_000, reason: 'HTTP 503' });
    controller.abort();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ code: 'ABORTED', cause: controller.signal.reason });
    expect(bank.seen).toHaveLength(1);
    // The 30 s wait was cancelled, not left to run out.
    expect(await timers.leftBehind()).toBe(0);
  });
});

describe(ROWS.alreadyAborted.fault, () => {
  it.each(CALLS)('%s → AbortedError, no request sent', async (which) => {
    const { bank, client } = setUp(jsonResponse({ access_token: 'a', token_type: 'Bearer' }));
    const reason = new Error('cancelled before it started');
    const error = await rejection(call(client, which, AbortSignal.abort(reason)));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ code: 'ABORTED', cause: reason });
    expect(bank.seen).toHaveLength(0);
  });
});

describe(ROWS.invalidInput.fault, () => {
  it.each([
    ['exchangeCode with an empty code', 'code', (c: TokenClient) => c.exchangeCode({ code: '', redirectUri: REDIRECT_URI })],
    ['exchangeCode with a relative redirect URI', 'redirectUri', (c: TokenClient) => c.exchangeCode({ code: 'c', redirectUri: '/callback' })],
    ['refresh with a 129-character refresh token', 'refreshToken', (c: TokenClient) => c.refresh({ refreshToken: 'r'.repeat(129) })],
    [
      'refresh with a signal that is not an AbortSignal',
      'signal',
      (c: TokenClient) => c.refresh({ refreshToken: 'r', signal: { aborted: false } as AbortSignal }),
    ],
  ])('%s → InvalidInputError, no request sent', async (_what, field, invoke) => {
    const { bank, client } = setUp(jsonResponse({ access_token: 'a', token_type: 'Bearer' }));
    const error = await rejection(invoke(client));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field });
    expect(bank.seen).toHaveLength(0);
  });
});
