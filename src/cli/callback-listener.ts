import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InterruptedError, LoginTimeoutError } from './failures.js';

/** A loopback HTTP listener that receives the bank's redirect back to the CLI. */
export interface CallbackListener {
  /** The redirect URI to put in the authorization URL, e.g. `http://127.0.0.1:54321/callback`. */
  readonly redirectUri: string;
  /**
   * Resolves with the full URL of the first request to the callback path that `belongs` accepts
   * (its state is the login's). Any other gets a 400 response and is ignored: any local process can
   * reach the listener, and a stray or forged redirect must not end the login.
   */
  waitForCallback(timeoutMs: number, signal: AbortSignal, belongs: (callbackUrl: URL) => boolean): Promise<string>;
  close(): Promise<void>;
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>gmo-aozora-auth</title>
<p>The bank sent you back to gmo-aozora-auth. You can close this window and return to the terminal.</p>`;
const IGNORED_PAGE = `<!doctype html><meta charset="utf-8"><title>gmo-aozora-auth</title>
<p>This redirect does not belong to the login in progress (its state is not the login's), so it was ignored.</p>`;

/**
 * Listens on 127.0.0.1 (never a public interface: the redirect carries the code) for the
 * browser's return from the bank (RFC 8252 §7.3, loopback redirect). Only a request to `path`
 * with the login's state counts; another path gets 404 (a favicon request cannot end the wait),
 * the path with another state 400.
 */
export async function listenForCallback(options: { port: number; path?: string }): Promise<CallbackListener> {
  const path = options.path ?? '/callback';
  let deliver: (url: string) => void = () => undefined;
  const received = new Promise<string>((resolve) => (deliver = resolve));
  // Nothing belongs to a login before one waits for its redirect.
  let belongs: (callbackUrl: URL) => boolean = () => false;
  let origin = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (request.method !== 'GET' || url.pathname !== path) {
      response.writeHead(404, { 'Content-Type': 'text/plain;charset=UTF-8' }).end('Not Found');
      return;
    }
    const headers = { 'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store', Connection: 'close' };
    if (!belongs(url)) {
      response.writeHead(400, headers).end(IGNORED_PAGE);
      return;
    }
    response.writeHead(200, headers).end(PAGE);
    deliver(url.href);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    redirectUri: `${origin}${path}`,
    waitForCallback(timeoutMs, signal, accept) {
      belongs = accept;
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => finish(() => reject(new LoginTimeoutError(`no redirect arrived within ${timeoutMs / 1000} s; run login again`))),
          timeoutMs,
        );
        const onAbort = () => finish(() => reject(new InterruptedError('interrupted while waiting for the browser')));
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          settle();
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        void received.then((url) => finish(() => resolve(url)));
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
