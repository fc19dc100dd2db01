import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InterruptedError, LoginTimeoutError } from './failures.js';

/** A loopback HTTP listener that receives the bank's redirect back to the CLI. */
export interface CallbackListener {
  /** The redirect URI to put in the authorization URL, e.g. `http://127.0.0.1:54321/callback`. */
  readonly redirectUri: string;
  /** Resolves with the full URL of the first request to the callback path. */
  waitForCallback(timeoutMs: number, signal: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>gmo-aozora-auth</title>
<p>The bank sent you back to gmo-aozora-auth. You can close this window and return to the terminal.</p>`;

/**
 * Listens on 127.0.0.1 (never a public interface: the redirect carries the code) for the
 * browser's return from the bank (RFC 8252 §7.3, loopback redirect). Only the first request to
 * `path` counts; anything else gets 404, so a favicon request cannot end the wait.
 */
export async function listenForCallback(options: { port: number; path?: string }): Promise<CallbackListener> {
  const path = options.path ?? '/callback';
  let deliver: (url: string) => void = () => undefined;
  const received = new Promise<string>((resolve) => (deliver = resolve));
  let origin = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (request.method !== 'GET' || url.pathname !== path) {
      response.writeHead(404, { 'Content-Type': 'text/plain;charset=UTF-8' }).end('Not Found');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store', Connection: 'close' }).end(PAGE);
    deliver(url.href);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    redirectUri: `${origin}${path}`,
    waitForCallback(timeoutMs, signal) {
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
