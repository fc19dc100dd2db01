import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';

/**
 * A misbehaving token endpoint on 127.0.0.1 for the fault matrix: real sockets, the client's
 * real fetch, and a count of what arrived. Each test starts one and closes it.
 */

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw form body. */
  readonly body: string;
  /** Resolves when the request's socket closes: the client let go of the connection. */
  readonly socketClosed: Promise<void>;
}

/** How the server treats one request. */
export type Fault =
  /** A complete answer. */
  | { kind: 'answer'; status: number; headers?: OutgoingHttpHeaders; body?: string | Uint8Array }
  /** Reads the request and never answers. */
  | { kind: 'hang' }
  /** Reads the request, then closes the connection without a byte of answer. */
  | { kind: 'reset-before-answer' }
  /** Sends the status line, headers and `partial`, then destroys the socket. */
  | { kind: 'reset-mid-answer'; partial: string }
  /** Sends a 200's headers, then one byte every `everyMs`, never finishing. */
  | { kind: 'drip'; everyMs: number };

/** A fault, or a function of the request choosing one (to echo what was sent, say). */
export type Script = Fault | ((request: SeenRequest, index: number) => Fault);

export interface FaultServer {
  /** A base URL for `createTokenClient({ baseUrl })`; the client posts to `${baseUrl}/token`. */
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly seen: readonly SeenRequest[];
  /** Resolves when the `n`th request (from 1) has arrived. */
  arrived(n: number): Promise<SeenRequest>;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
}

/**
 * Starts a server answering request `i` (from 0) with `scripts[i]`, the last one repeating.
 */
export async function startFaultServer(...scripts: Script[]): Promise<FaultServer> {
  if (scripts.length === 0) throw new Error('startFaultServer needs at least one script');
  const seen: SeenRequest[] = [];
  const waiting = new Map<number, (request: SeenRequest) => void>();

  const server = createServer((request, response) => {
    const socket = request.socket;
    const socketClosed = new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      const entry: SeenRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: raw, socketClosed };
      const index = seen.push(entry) - 1;
      waiting.get(seen.length)?.(entry);
      const script = scripts[Math.min(index, scripts.length - 1)]!;
      const fault = typeof script === 'function' ? script(entry, index) : script;
      switch (fault.kind) {
        case 'answer':
          response.writeHead(fault.status, fault.headers);
          response.end(fault.body);
          return;
        case 'hang':
          return;
        case 'reset-before-answer':
          socket.destroy();
          return;
        case 'reset-mid-answer':
          response.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(Buffer.byteLength(fault.partial) + 1000) });
          response.write(fault.partial, () => socket.destroy());
          return;
        case 'drip': {
          response.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' });
          response.flushHeaders();
          // Unref'd, so tests counting the process's active timers only see the client's.
          const timer = setInterval(() => response.write(' '), fault.everyMs).unref();
          response.once('close', () => clearInterval(timer));
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/ganb/api/auth/v1`,
    seen,
    arrived(n) {
      const already = seen[n - 1];
      return already ? Promise.resolve(already) : new Promise((resolve) => waiting.set(n, resolve));
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A base URL on 127.0.0.1 where nothing listens: a port taken from the OS and released. */
export async function refusingBaseUrl(): Promise<string> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/ganb/api/auth/v1`;
}

/** A complete answer. */
export function answer(status: number, body: string | Uint8Array = '', headers: OutgoingHttpHeaders = {}): Fault {
  return { kind: 'answer', status, headers, body };
}

/** A JSON answer with the bank's content type. */
export function json(status: number, value: unknown, headers: OutgoingHttpHeaders = {}): Fault {
  return answer(status, JSON.stringify(value), { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
}

/**
 * A gateway's HTML error page that echoes the request it refused, Authorization header and
 * form body included, as debugging gateways do: every secret the client sent is in the body.
 */
export function echoPage(status: number, headers: OutgoingHttpHeaders = {}): Script {
  return (request) =>
    answer(
      status,
      `<html><head><title>${status}</title></head><body><h1>Gateway error ${status}</h1>` +
        `<pre>POST ${request.path}\nAuthorization: ${request.headers.authorization ?? '(none)'}\n\n${request.body}</pre></body></html>`,
      { 'Content-Type': 'text/html; charset=utf-8', ...headers },
    );
}
