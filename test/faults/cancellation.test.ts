import { describe, expect, it } from 'vitest';
import { AbortedError, InvalidInputError, type TokenClient, type TokenClientEvent } from 'gmo-aozora-auth';
import { echoPage, json, startFaultServer, type Script } from './fault-server.js';
import { CALLS, REDIRECT_URI, call, expectNoSecrets, faultClient, rejection, watchTimers } from './harness.js';
import { ROWS } from './rows.js';

/**
 * The caller's AbortSignal ends a call at any point (in flight, reading the body, waiting to
 * retry) with an AbortedError, closes the connection and leaves no timer; a signal that has
 * already fired, and invalid input, send nothing at all.
 */

/** A server answering `script`, a client on it, and a promise of the first `retry` event. */
async function setUp(script: Script, options: Parameters<typeof faultClient>[1] = {}) {
  const server = await startFaultServer(script);
  let retrying!: (event: TokenClientEvent) => void;
  const retryEvent = new Promise<TokenClientEvent>((resolve) => (retrying = resolve));
  const { client } = faultClient(server.baseUrl, { ...options, onEvent: (event) => event.type === 'retry' && retrying(event) });
  return { server, client, retryEvent };
}

describe(ROWS.callerAbort.fault, () => {
  it.each([
    ['waiting for the answer', { kind: 'hang' }],
    ['the server drips its body', { kind: 'drip', everyMs: 20 }],
  ] as const)('while %s', async (_when, script) => {
    for (const which of CALLS) {
      const { server, client } = await setUp(script);
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
    const { server, client, retryEvent } = await setUp(echoPage(503, { 'Retry-After': '30' }), { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 60_000 } });
    try {
      const timers = watchTimers();
      const controller = new AbortController();
      const pending = call(client, which, controller.signal);
      expect(await retryEvent).toMatchObject({ type: 'retry', attempt: 1, delayMs: 30_000, reason: 'HTTP 503' });
      controller.abort();
      const error = await rejection(pending);
      expect(error).toBeInstanceOf(AbortedError);
      expect(error).toMatchObject({ code: 'ABORTED', cause: controller.signal.reason });
      expect(server.seen).toHaveLength(1);
      // The 30 s wait was cancelled, not left to run out.
      expect(await timers.leftBehind()).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe(ROWS.alreadyAborted.fault, () => {
  it.each(CALLS)('%s → AbortedError, no request sent', async (which) => {
    const { server, client } = await setUp(json(200, { access_token: 'a', token_type: 'Bearer' }));
    try {
      const reason = new Error('cancelled before it started');
      const error = await rejection(call(client, which, AbortSignal.abort(reason)));
      expect(error).toBeInstanceOf(AbortedError);
      expect(error).toMatchObject({ code: 'ABORTED', cause: reason });
      expect(server.seen).toHaveLength(0);
    } finally {
      await server.close();
    }
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
    const { server, client } = await setUp(json(200, { access_token: 'a', token_type: 'Bearer' }));
    try {
      const error = await rejection(invoke(client));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field });
      expect(server.seen).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
