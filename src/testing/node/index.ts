/**
 * `gmo-aozora-auth/testing/node` — the mock bank on a real loopback HTTP server (`node:http`),
 * for tests that need real sockets, for other processes (a BFF under test, the CLI) and for
 * local development.
 *
 * @packageDocumentation
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createMockBank, type MockBank } from '../index.js';

/** Options of {@link startMockBankServer}. */
export interface MockBankServerOptions {
  /** The bank to serve. Default a fresh `createMockBank()`. */
  bank?: MockBank | undefined;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number | undefined;
  /** Address to listen on. Default `127.0.0.1`: the mock is for this machine only. */
  host?: string | undefined;
  /** The base path in `baseUrl`. Default `/ganb/api/auth/v1`, the production path. Any other path gets a 404 response, as the bank does. */
  basePath?: string | undefined;
}

/** A running mock bank server. */
export interface MockBankServer {
  /** The base URL to give the client as `baseUrl`, e.g. `http://127.0.0.1:54321/ganb/api/auth/v1`. */
  readonly baseUrl: string;
  /** The origin, e.g. `http://127.0.0.1:54321`; also the id_token issuer, unless the bank sets one. */
  readonly origin: string;
  /**
   * The protected resource beside the auth API, e.g. `http://127.0.0.1:54321/ganb/api/personal/v1/accounts`:
   * `GET` it with the access token in `x-access-token` to see whether the bank still accepts it.
   */
  readonly accountsUrl: string;
  /** The bank behind the server, for faults, `requests` and `reset()`. */
  readonly bank: MockBank;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/** Turns a Node request into a Fetch `Request`, streaming the body and aborting when the client goes away. */
function toRequest(incoming: IncomingMessage, outgoing: ServerResponse, fallbackOrigin: string): Request {
  // The client's own view of the origin (its Host header) is what an issuer check compares with.
  const hostOrigin = `http://${incoming.headers.host ?? ''}`;
  const origin = incoming.headers.host && URL.canParse(hostOrigin) ? hostOrigin : fallbackOrigin;
  const headers = new Headers();
  for (let i = 0; i < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
  const controller = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) controller.abort(new Error('the client closed the connection'));
  });
  const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
  return new Request(new URL(incoming.url ?? '/', origin), {
    method: incoming.method ?? 'GET',
    headers,
    signal: controller.signal,
    body: hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : null,
    // Node's fetch requires this for a streamed request body.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}

/** Writes a Fetch `Response` to Node's response, streaming the body with backpressure. */
async function writeResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => {
    outgoing.setHeader(name, value);
  });
  if (!response.body) return void outgoing.end();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (outgoing.destroyed) return void (await reader.cancel());
    if (!outgoing.write(value)) await new Promise((resolve) => outgoing.once('drain', resolve));
  }
  outgoing.end();
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts the mock bank on a loopback HTTP server. Close it when done (`afterAll(() => server.close())`).
 *
 * @example
 * const server = await startMockBankServer();
 * const auth = createTokenClient({ baseUrl: server.baseUrl, clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret });
 */
export async function startMockBankServer(options: MockBankServerOptions = {}): Promise<MockBankServer> {
  const bank = options.bank ?? createMockBank();
  const host = options.host ?? '127.0.0.1';
  const basePath = `/${(options.basePath ?? '/ganb/api/auth/v1').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  let origin = '';
  // Only the API's own paths reach the bank: the bank responds 404 to a mistyped path, and so does this.
  const accountsPath = new URL('../../personal/v1/accounts', `http://mock${basePath}/`).pathname;
  const knownPaths = new Set([`${basePath}/authorization`, `${basePath}/token`, accountsPath]);
  const server = createServer((incoming, outgoing) => {
    if (!knownPaths.has(new URL(incoming.url ?? '/', 'http://mock').pathname)) {
      incoming.resume();
      outgoing.writeHead(404, { 'Content-Type': 'text/plain;charset=UTF-8' }).end('Not Found');
      return;
    }
    const request = toRequest(incoming, outgoing, origin);
    bank
      .handle(request)
      .then((response) => writeResponse(response, outgoing))
      .catch(() => {
        // An abort (client gone) or a bug in a handler: nothing useful can be sent; never echo the request.
        if (!outgoing.headersSent && !outgoing.destroyed) {
          outgoing.writeHead(500, { 'Content-Type': 'text/plain;charset=UTF-8' }).end('mock bank failure');
        } else {
          outgoing.destroy();
        }
      });
  });
  const address = await listen(server, options.port ?? 0, host);
  origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    baseUrl: `${origin}${basePath}`,
    origin,
    accountsUrl: new URL('../../personal/v1/accounts', `${origin}${basePath}/`).href,
    bank,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
