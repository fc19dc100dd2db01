import { vi } from 'vitest';
import GanbLib, { type GanbLibOptions, type NonceCallbacks } from 'gmo-aozora-auth/compat';

import { CLIENT_ID, CLIENT_SECRET } from '../client/fixtures.js';
import { type FakeTokenEndpoint, fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

// The client tests' credentials (RFC 6749's example), URLs and id_token signer, shared.
export { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, signIdToken, STAGING } from '../client/fixtures.js';
export { jsonResponse } from '../support/token-endpoint.js';

export const TOKENS = {
  access_token: 'access-1',
  refresh_token: 'refresh-1',
  scope: 'private:account offline_access',
  token_type: 'Bearer',
  expires_in: 2592000,
};

/** The fake token endpoint answering {@link TOKENS}, as the seed's examples expect, unless told otherwise. */
export function createFakeBank(): FakeTokenEndpoint {
  return fakeTokenEndpoint(jsonResponse(TOKENS));
}

/** `Basic base64(id:secret)` computed independently of the library. */
export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table', 'group', 'assert'] as const;

/**
 * Replaces every console method with a silent spy. `calls()` lists what was printed, by
 * method, so a test can demand silence or exactly the example's own `console.log(result)`.
 */
export function captureConsole() {
  const spies = CONSOLE_METHODS.map((method) => [method, vi.spyOn(console, method).mockImplementation(() => undefined)] as const);
  return {
    calls(): { method: string; args: unknown[] }[] {
      return spies.flatMap(([method, spy]) => spy.mock.calls.map((args) => ({ method, args })));
    },
    restore() {
      for (const [, spy] of spies) spy.mockRestore();
    },
  };
}

/** A GanbLib with the test client's credentials whose requests go to `bank` (an injected fetch). */
export function compatClient(bank: FakeTokenEndpoint, options: Partial<GanbLibOptions> = {}): GanbLib {
  return new GanbLib({ clientID: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: bank.fetch, retry: { baseDelayMs: 0 }, ...options });
}

/** Nonce callbacks over a Set, as an application would write them: check verifies and deletes. */
export function nonceSet() {
  const saved = new Set<string>();
  const save = vi.fn((nonce: string) => {
    saved.add(nonce);
  });
  const check = vi.fn((nonce: string): boolean => saved.delete(nonce));
  const callbacks: NonceCallbacks = [save, check];
  return { saved, save, check, callbacks };
}
