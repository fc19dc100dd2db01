import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, TimeoutError } from 'gmo-aozora-auth';
import { CALLS, call, expectNoSecrets, faultClient, rejection, watchTimers } from './harness.js';
import { ROWS } from './rows.js';

/**
 * The deadline must not depend on the fetch honouring its signal. Node's fetch aborts both the
 * request and the body (the loopback matrix covers it); msw and many injected fetches return a
 * body the signal does not reach, and a hand-written fetch may ignore the signal altogether.
 */

const MOCK_BANK = 'https://bank.invalid/ganb/api/auth/v1';

/** A 200 whose body sends one byte and then nothing, and which records being let go. */
function endlessResponse() {
  let released!: () => void;
  const cancelled = new Promise<void>((resolve) => (released = resolve));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{'));
    },
    cancel() {
      released();
    },
  });
  return { response: new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }), cancelled };
}

/** A fetch that never settles and never looks at its signal. */
const deafFetch: typeof fetch = () => new Promise<Response>(() => undefined);

let endless = endlessResponse();
const msw = setupServer(http.post(`${MOCK_BANK}/token`, () => endless.response));
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => msw.close());

describe(ROWS.drip.fault, () => {
  it.each(CALLS)('%s: a body from msw that never ends is cut off at timeoutMs → TimeoutError', async (which) => {
    endless = endlessResponse();
    const timers = watchTimers();
    const { client, tries } = faultClient(MOCK_BANK, { timeoutMs: 100 });
    const error = await rejection(call(client, which));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', timeoutMs: 100 });
    expect(tries()).toBe(1);
    expect(await timers.leftBehind()).toBe(0);
    expectNoSecrets(error);
  });

  // msw streams the handler's body through its own plumbing, so whether cancelling reaches the
  // handler's stream is msw's business; with an injected fetch it is ours, and it must.
  it.each(CALLS)('%s: a body from an injected fetch that never ends is cut off and let go → TimeoutError', async (which) => {
    const httpResponse = endlessResponse();
    const { client } = faultClient(MOCK_BANK, { timeoutMs: 100, fetch: async () => httpResponse.response });
    expect(await rejection(call(client, which))).toBeInstanceOf(TimeoutError);
    await httpResponse.cancelled;
  });
});

describe(ROWS.hang.fault, () => {
  it.each(CALLS)('%s: an injected fetch that ignores its signal still ends at timeoutMs → TimeoutError', async (which) => {
    const timers = watchTimers();
    const { client, tries } = faultClient(MOCK_BANK, { timeoutMs: 100, fetch: deafFetch });
    const error = await rejection(call(client, which));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(tries()).toBe(1);
    expect(await timers.leftBehind()).toBe(0);
  });
});

describe(ROWS.callerAbort.fault, () => {
  it.each(CALLS)('%s: an injected fetch that ignores its signal still ends when yours fires → AbortedError', async (which) => {
    const { client, events } = faultClient(MOCK_BANK, { fetch: deafFetch });
    const controller = new AbortController();
    const pending = call(client, which, controller.signal);
    await Promise.resolve();
    controller.abort(new Error('user navigated away'));
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ code: 'ABORTED', cause: controller.signal.reason });
    expect(events.filter((e) => e.type === 'request')).toHaveLength(1);
  });
});
