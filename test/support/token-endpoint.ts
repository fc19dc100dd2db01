import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The one fake of the bank's `POST /token` for the tests, after openapi-fetch's
 * `createObservedClient`: a fetch that records each request and answers from a script. Nothing
 * is mocked and nothing listens: inject `endpoint.fetch` into the client (or stub the global
 * fetch with it). Where sockets matter — Node's own fetch, a connection reset, a body that drips
 * on the wire — `endpoint.listen()` serves the same script on 127.0.0.1.
 *
 * ```ts
 * const bank = fakeTokenEndpoint(jsonResponse({ error: 'invalid_grant' }, 400), jsonResponse(TOKENS));
 * const client = createTokenClient({ ...options, fetch: bank.fetch });
 * ```
 */

/** One request as the fake endpoint received it. */
export interface SeenRequest {
  readonly method: string;
  /** The absolute URL (on a socket: `http://127.0.0.1:<port>/…`). */
  readonly url: string;
  /** The path and query. */
  readonly path: string;
  /** Every header, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: string | null;
  readonly authorization: string | null;
  /** The body as sent. */
  readonly body: string;
  readonly form: URLSearchParams;
  /** Every form field in order, duplicates kept, so "never both" and "no extra field" are checkable. */
  readonly fields: [string, string][];
  /** Over a socket only: resolves when the client has let go of the connection. */
  readonly socketClosed?: Promise<void>;
}

/**
 * What the endpoint does instead of answering. In memory each is played the way Node's fetch
 * reports it; over a socket it happens on the wire.
 */
export type ConnectionFault =
  /** Reads the request and never httpResponses (in memory: settles only when the request's signal fires). */
  | { readonly kind: 'hang' }
  /** Reads the request, then closes the connection without a byte of httpResponse. */
  | { readonly kind: 'reset-before-response' }
  /** Sends a 200's status line, headers and `partial`, then breaks the connection. */
  | { readonly kind: 'reset-mid-response'; readonly partial: string }
  /** Sends a 200's headers, then one space every `everyMs`, never finishing. */
  | { readonly kind: 'drip'; readonly everyMs: number }
  /** fetch rejects with `error`, as it does when no connection can be made (over a socket: closed unanswered). */
  | { readonly kind: 'network-error'; readonly error: unknown };

/** A scripted reply. A `Response` is a template: each request gets a fresh copy of it. */
type Reply = Response | ConnectionFault;

/** A reply, or a function of the request (and its index from 0) choosing one. */
export type Script = Reply | ((request: SeenRequest, index: number) => Reply | Promise<Reply>);

const JSON_TYPE = 'application/json;charset=UTF-8';

/** The tokens the endpoint answers with when no script says otherwise. */
const DEFAULT_TOKENS = { access_token: 'access-1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'refresh-1', scope: 'private:account' };

/** A JSON answer with the bank's content type. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE, ...headers } });
}

/** An answer with any body, as a gateway or a misconfigured bank might send it. */
export function httpResponse(status: number, body: BodyInit | null = null, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

/**
 * A gateway's HTML error page that echoes the request it refused, Authorization header and form
 * body included, as debugging gateways do: every secret the client sent is in the body.
 */
export function echoPage(status: number, headers: Record<string, string> = {}): Script {
  return (request) =>
    httpResponse(
      status,
      `<html><head><title>${status}</title></head><body><h1>Gateway error ${status}</h1>` +
        `<pre>POST ${request.path}\nAuthorization: ${request.authorization ?? '(none)'}\n\n${request.body}</pre></body></html>`,
      { 'Content-Type': 'text/html; charset=utf-8', ...headers },
    );
}

/** A failure the way Node's fetch (undici) reports it: `TypeError('fetch failed')` with the cause. */
export function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** A system error such as Node attaches to a failed connection (`ECONNREFUSED`, `ENOTFOUND`…). */
export function systemError(code: string, message = `connect ${code} 127.0.0.1:443`): Error {
  return Object.assign(new Error(message), { code });
}

/** The fault `fetch` rejects with: no connection could be made. */
export function networkError(error: unknown = fetchFailed(systemError('ECONNREFUSED'))): ConnectionFault {
  return { kind: 'network-error', error };
}

/** What undici's socket errors look like once the connection existed. */
const socketClosedError = () => Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });

export interface FakeTokenEndpoint {
  /** A fetch to inject into the client: records the request, answers from the script. */
  readonly fetch: typeof globalThis.fetch;
  /** Every request received, in order (clear it with `seen.length = 0`). */
  readonly seen: SeenRequest[];
  /** From the next request on, answers the `i`th with `scripts[i]`, the last one repeating. */
  respondWith(...scripts: Script[]): void;
  /** Answers the next requests, one each, with `scripts`, then goes back to `respondWith`'s. */
  respondOnce(...scripts: Script[]): void;
  /** Resolves when the `n`th request (from 1) has arrived. */
  arrived(n: number): Promise<SeenRequest>;
  /** Serves the same script and record over HTTP on 127.0.0.1. */
  listen(): Promise<TokenEndpointServer>;
}

export interface TokenEndpointServer {
  /** A base URL for `createTokenClient({ baseUrl })`: the client posts to `${baseUrl}/token`. */
  readonly baseUrl: string;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
}

/**
 * A fake token endpoint answering request `i` (from 0) with `scripts[i]`, the last one
 * repeating; with no script, every request gets {@link DEFAULT_TOKENS}.
 */
export function fakeTokenEndpoint(...scripts: Script[]): FakeTokenEndpoint {
  const seen: SeenRequest[] = [];
  const waiting = new Map<number, (request: SeenRequest) => void>();
  const once: Script[] = [];
  let current: Script[] = scripts.length > 0 ? scripts : [jsonResponse(DEFAULT_TOKENS)];
  /** Requests `current` has answered: its position, not counting `respondOnce`'s. */
  let played = 0;

  /** Records a request and returns the reply the script has for it. */
  async function receive(request: Omit<SeenRequest, 'form' | 'fields'>): Promise<Reply> {
    const form = new URLSearchParams(request.body);
    const entry: SeenRequest = { ...request, form, fields: [...form] };
    const index = seen.push(entry) - 1;
    waiting.get(seen.length)?.(entry);
    const script = once.shift() ?? current[Math.min(played++, current.length - 1)]!;
    if (typeof script === 'function') return script(entry, index);
    return script instanceof Response ? replay(script) : script;
  }

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = await request.text();
    const reply = await receive({
      method: request.method,
      url: request.url,
      path: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      contentType: request.headers.get('content-type'),
      authorization: request.headers.get('authorization'),
      body,
    });
    return reply instanceof Response ? reply : playInMemory(reply, request.signal);
  }

  return {
    fetch: fetch as typeof globalThis.fetch,
    seen,
    respondWith(...next) {
      current = next;
      played = 0;
    },
    respondOnce(...next) {
      once.push(...next);
    },
    arrived(n) {
      const already = seen[n - 1];
      return already ? Promise.resolve(already) : new Promise((resolve) => waiting.set(n, resolve));
    },
    listen: () => listen(receive),
  };
}

const templateBodies = new WeakMap<Response, Promise<ArrayBuffer | null>>();

/**
 * A fresh copy of a template, so one can answer any number of requests. Not `clone()`: that
 * tees the body, and cancelling a tee'd body waits for the other branch, which is never read.
 */
async function replay(template: Response): Promise<Response> {
  let body = templateBodies.get(template);
  if (!body) {
    body = template.body ? template.arrayBuffer() : Promise.resolve(null);
    templateBodies.set(template, body);
  }
  return new Response(await body, { status: template.status, statusText: template.statusText, headers: template.headers });
}

/** A fake token endpoint served on 127.0.0.1 from the start. */
export type ServedTokenEndpoint = FakeTokenEndpoint & TokenEndpointServer;

/** {@link fakeTokenEndpoint} already listening: for tests where the socket matters. */
export async function serveTokenEndpoint(...scripts: Script[]): Promise<ServedTokenEndpoint> {
  const endpoint = fakeTokenEndpoint(...scripts);
  return { ...endpoint, ...(await endpoint.listen()) };
}

/** A connection fault as Node's fetch would report it to the client. */
function playInMemory(fault: ConnectionFault, signal: AbortSignal): Promise<Response> {
  const json = { 'Content-Type': JSON_TYPE };
  switch (fault.kind) {
    case 'network-error':
      return Promise.reject(fault.error);
    case 'reset-before-response':
      return Promise.reject(fetchFailed(socketClosedError()));
    case 'hang':
      return new Promise((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    case 'reset-mid-response': {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(fault.partial));
          controller.error(new TypeError('terminated', { cause: socketClosedError() }));
        },
      });
      return Promise.resolve(new Response(body, { status: 200, headers: json }));
    }
    case 'drip': {
      let timer: ReturnType<typeof setInterval> | undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          // Unref'd, so tests counting the process's active timers only see the client's.
          timer = setInterval(() => controller.enqueue(new TextEncoder().encode(' ')), fault.everyMs).unref();
        },
        cancel() {
          clearInterval(timer);
        },
      });
      return Promise.resolve(new Response(body, { status: 200, headers: json }));
    }
  }
}

/** Serves `receive`'s replies over HTTP on 127.0.0.1. */
async function listen(receive: (request: Omit<SeenRequest, 'form' | 'fields'>) => Promise<Reply>): Promise<TokenEndpointServer> {
  const server = createServer((incoming, outgoing) => {
    const socket = incoming.socket;
    const socketClosed = new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${incoming.url ?? '/'}`;
      const reply = await receive({
        method: incoming.method ?? '',
        url,
        path: incoming.url ?? '',
        headers: headerRecord(incoming),
        contentType: incoming.headers['content-type'] ?? null,
        authorization: incoming.headers.authorization ?? null,
        body: Buffer.concat(chunks).toString('utf8'),
        socketClosed,
      });
      await playOnSocket(reply, outgoing, socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/ganb/api/auth/v1`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function headerRecord(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

async function playOnSocket(reply: Reply, outgoing: ServerResponse, socket: Socket): Promise<void> {
  if (reply instanceof Response) {
    const headers: Record<string, string> = {};
    reply.headers.forEach((value, name) => {
      headers[name] = value;
    });
    outgoing.writeHead(reply.status, headers);
    outgoing.end(Buffer.from(await reply.arrayBuffer()));
    return;
  }
  switch (reply.kind) {
    case 'hang':
      return;
    case 'reset-before-response':
    case 'network-error':
      socket.destroy();
      return;
    case 'reset-mid-response':
      outgoing.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(reply.partial) + 1000) });
      outgoing.write(reply.partial, () => socket.destroy());
      return;
    case 'drip': {
      outgoing.writeHead(200, { 'Content-Type': JSON_TYPE });
      outgoing.flushHeaders();
      // Unref'd, so tests counting the process's active timers only see the client's.
      const timer = setInterval(() => outgoing.write(' '), reply.everyMs).unref();
      outgoing.once('close', () => clearInterval(timer));
      return;
    }
  }
}

/** A base URL on 127.0.0.1 where nothing listens: a port taken from the OS and released. */
export async function refusingBaseUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/ganb/api/auth/v1`;
}
