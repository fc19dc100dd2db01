import { createHook } from 'node:async_hooks';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { basicAuthorization, createTokenClient, type TokenClient, type TokenClientEvent, type TokenClientOptions, type TokenResult } from 'gmo-aozora-auth';

/** Known secrets: every fault test checks that none of them leaks. */
export const CLIENT_ID = 's6BhdRkqt3';
export const CLIENT_SECRET = 'cs-9fQ2xW7-client-secret-value';
export const CODE = 'code-7Hk3pZ-authorization-code';
export const REFRESH_TOKEN = 'rt-4Lp8mN-refresh-token-value';
export const ACCESS_TOKEN = 'at-2Vn6bQ-access-token-value';
export const BASIC = basicAuthorization(CLIENT_ID, CLIENT_SECRET);
export const REDIRECT_URI = 'https://bff.example.com/callback';
/** A base URL for a client whose fetch is the fake token endpoint's: nothing is sent there. */
export const BANK = 'https://bank.invalid/ganb/api/auth/v1';

const SECRETS = { CLIENT_SECRET, CODE, REFRESH_TOKEN, ACCESS_TOKEN, BASIC } as const;

export type Call = 'exchangeCode' | 'refresh';
export const CALLS: readonly Call[] = ['exchangeCode', 'refresh'];

/** A client with small delays for tests, and the events it emitted. */
export function faultClient(baseUrl: string, options: Partial<TokenClientOptions> = {}) {
  const events: TokenClientEvent[] = [];
  const client = createTokenClient({
    baseUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    // Long, so a timer left behind by a failed try would still be there when counted.
    timeoutMs: 30_000,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1_000 },
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { client, events, tries: () => events.filter((e) => e.type === 'request').length };
}

/** Calls `exchangeCode` or `refresh` with the known code / refresh token. */
export function call(client: TokenClient, which: Call, signal?: AbortSignal): Promise<TokenResult> {
  return which === 'exchangeCode'
    ? client.exchangeCode({ code: CODE, redirectUri: REDIRECT_URI, ...(signal ? { signal } : {}) })
    : client.refresh({ refreshToken: REFRESH_TOKEN, ...(signal ? { signal } : {}) });
}

/** The rejection of `promise`; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a rejection, got ${inspect(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(Error);
  return outcome.error as Error;
}

/** Every way an error or client is shown to a person or a log. */
function views(value: unknown): string[] {
  const shown = [inspect(value, { depth: 10, showHidden: false }), JSON.stringify(value) ?? ''];
  if (value instanceof Error) shown.push(value.message, String(value), value.stack ?? '');
  return shown;
}

/** Asserts that no known secret appears in any view of `value`. */
export function expectNoSecrets(value: unknown): void {
  for (const view of views(value)) {
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(view.includes(secret), `${name} appears in ${view.slice(0, 300)}`).toBe(false);
    }
  }
}

/** A Node timer as async_hooks hands it over. */
interface NodeTimer {
  hasRef(): boolean;
  _destroyed?: boolean;
}

/**
 * Watches the timers created from now on. `leftBehind()` counts those still pending and keeping
 * the process alive: after a call settles the client must have none (deadline, retry wait).
 * Unref'd timers (undici's, the fault server's) do not count.
 */
export function watchTimers() {
  const created = new Map<number, NodeTimer>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type === 'Timeout') created.set(id, resource as NodeTimer);
    },
    destroy(id) {
      created.delete(id);
    },
  }).enable();
  return {
    async leftBehind(): Promise<number> {
      // async_hooks reports destroyed timers on the next turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      hook.disable();
      return [...created.values()].filter((timer) => timer._destroyed !== true && timer.hasRef()).length;
    },
  };
}
