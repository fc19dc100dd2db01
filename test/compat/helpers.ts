import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { vi } from 'vitest';
import GanbLib, { type GanbLibOptions, type NonceCallbacks } from 'gmo-aozora-auth/compat';

import { CLIENT_ID, CLIENT_SECRET, jsonAnswer } from '../client/fixtures.js';

// The client tests' credentials (RFC 6749's example), URLs and id_token signer, shared.
export { CLIENT_ID, CLIENT_SECRET, jsonAnswer, REDIRECT_URI, signIdToken, STAGING, STAGING_ISSUER } from '../client/fixtures.js';

/** One token request as the fake bank saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  contentType: string | null;
  authorization: string | null;
  /** Every form field in order, duplicates kept, so "never both" and "no extra field" are checkable. */
  fields: [string, string][];
  form: URLSearchParams;
}

type Answer = (seen: SeenRequest) => Response | Promise<Response>;

export const TOKENS = {
  access_token: 'access-1',
  refresh_token: 'refresh-1',
  scope: 'private:account offline_access',
  token_type: 'Bearer',
  expires_in: 2592000,
};

/**
 * A fake token endpoint as a fetch-style handler: records what came over the wire and answers
 * with `answerWith`'s function (default: {@link TOKENS}). The same handler serves an injected
 * `fetch`, msw and a loopback server.
 */
export function createFakeBank() {
  const seen: SeenRequest[] = [];
  const queue: Answer[] = [];
  let answer: Answer = () => jsonAnswer(TOKENS);
  async function handle(request: Request): Promise<Response> {
    const raw = await request.text();
    const form = new URLSearchParams(raw);
    const entry: SeenRequest = {
      method: request.method,
      url: request.url,
      contentType: request.headers.get('content-type'),
      authorization: request.headers.get('authorization'),
      fields: [...form],
      form,
    };
    seen.push(entry);
    return (queue.shift() ?? answer)(entry);
  }
  return {
    seen,
    handle,
    /** The handler as a `fetch` to inject into the client. */
    fetch: (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => handle(new Request(input, init)),
    /** Answers every later request with `next`. */
    answerWith(next: Answer) {
      answer = next;
    },
    /** Answers the next requests, one each, with `answers`, then falls back to `answerWith`'s. */
    answerOnce(...answers: Answer[]) {
      queue.push(...answers);
    },
  };
}

export type FakeBank = ReturnType<typeof createFakeBank>;

/** Serves `bank` on 127.0.0.1 over real HTTP; resolves to its auth base URL and a close function. */
export async function startLoopbackBank(bank: FakeBank): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
      }
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const response = await bank.handle(new Request(`http://127.0.0.1${incoming.url}`, { method: incoming.method ?? 'GET', headers, body: body ?? null }));
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/ganb/api/auth/v1`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
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
export function compatClient(bank: FakeBank, options: Partial<GanbLibOptions> = {}): GanbLib {
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
