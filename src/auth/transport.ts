import createClient from 'openapi-fetch';
import type { paths, SchemaTokenRequest } from '../generated/auth-api.js';
import type { ClientAuthentication } from './credentials.js';
import { failureCode, GanbAuthError, InvalidResponseError, NetworkError } from './errors.js';
import { formBody } from './grants.js';
import { startDeadline } from './deadline.js';

/** A raw response from the token endpoint, its body already read within the size limit. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/** Settings of the HTTP path to `POST /token`. */
export interface TransportOptions {
  readonly baseUrl: string;
  /** Injected fetch; when absent, `globalThis.fetch` is looked up on every call. */
  readonly fetch?: typeof fetch | undefined;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

/** Error codes of Node's fetch (undici) that mean no connection was ever made. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'BAD_PORT',
]);

function errorCodes(error: unknown, depth = 0): string[] {
  if (!error || depth > 4) return [];
  // Stryker disable next-line ConditionalExpression: equivalent for whatever fetch rejects with — a string or number destructures to undefined fields, the same as no codes.
  if (typeof error !== 'object') return [];
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  const code = failureCode(error);
  return [...(code ? [code] : []), ...errorCodes(cause, depth + 1), ...(Array.isArray(errors) ? errors.flatMap((e) => errorCodes(e, depth + 1)) : [])];
}

/** True when a fetch failure happened before a connection existed, so the server saw nothing. */
function failedBeforeConnection(error: unknown): boolean {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((code) => NOT_CONNECTED.has(code));
}

// Made once: decoding without `stream` keeps no state between calls.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * Reads a body up to `limit` bytes and decodes it as UTF-8, so an oversized or malformed response
 * becomes a typed error instead of memory pressure or mojibake tokens. Only a 200 (tokens) is
 * decoded strictly; an error page in another charset (a Shift_JIS 503) is still a response whose
 * status decides what happens next, so it is decoded leniently for its excerpt.
 */
async function readBounded(response: Response, limit: number, signal: AbortSignal): Promise<string> {
  const status = response.status;
  const contentType = response.headers.get('content-type') ?? undefined;
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () =>
    new InvalidResponseError({ status, reason: 'body_too_large', contentType, detail: `the body is larger than the ${limit}-byte limit (maxResponseBytes)` });
  // Cancelled, not awaited, here and below: cancelling a tee'd body (a fetch wrapper that hands
  // over response.clone()) settles only once the other branch is cancelled too, maybe never.
  if (Number.isFinite(declared) && declared > limit) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  signal.throwIfAborted();
  const reader = response.body.getReader();
  // Node's fetch ties the body to the signal; msw and many injected fetches do not, and a body
  // that drips forever would outlive the deadline. Cancelling ends the pending read.
  const stop = () => void reader.cancel(signal.reason).catch(() => undefined);
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent — an AbortSignal fires abort at most once.
  signal.addEventListener('abort', stop, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      signal.throwIfAborted();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      // Stryker disable BlockStatement: the finally block below — equivalent: the deadline is disposed when the call ends and can no longer fire; removing the listener only frees it early.
      chunks.push(value);
    }
  } finally {
    // Stryker restore BlockStatement
    // Stryker disable next-line StringLiteral: equivalent — as above, the signal cannot fire once the read is over.
    signal.removeEventListener('abort', stop);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return (status === 200 ? strictUtf8 : lenientUtf8).decode(bytes);
  } catch (cause) {
    throw new InvalidResponseError({ status, reason: 'not_json', contentType, detail: 'the body is not valid UTF-8', cause });
  }
}

/** Rejects with the signal's reason once it fires. */
function whenAborted(signal: AbortSignal): Promise<never> {
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent — an AbortSignal fires abort at most once.
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

/**
 * What openapi-fetch builds for each call in place of a `Request` (its `Request` option): the URL
 * and the init, kept as they are. A real `Request` costs tens of µs per call on Node, whose fetch
 * then copies it into a second one and pipes the body through a web stream; `fetch(url, init)`
 * sends the same request without both. (openapi-fetch reads a request's `method` only to skip
 * the body of a HEAD response, after checking for 204; `sendAndRead` always hands it a 204.)
 */
class RequestParts {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {}
}

/** What openapi-fetch gets back once the response is read: nothing more for it to read. */
let noContent: Response | undefined;

/**
 * The single HTTP path to the token endpoint: an openapi-fetch client typed from the spec, with
 * fetch resolved per call (so msw started after client creation still intercepts), redirects
 * refused, a deadline per attempt, and a size-limited body read inside the deadline.
 */
export function createTransport(options: TransportOptions) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    // See RequestParts. (`Request` is typed as the global constructor; openapi-fetch only calls it.)
    Request: RequestParts as unknown as typeof Request,
    // A token endpoint never redirects; following one would resend credentials elsewhere.
    redirect: 'manual',
  });
  // An injected fetch gets a real Request, as it always has; the global one gets (url, init).
  const send = (parts: RequestParts): Promise<Response> =>
    options.fetch ? options.fetch(new Request(parts.url, parts.init)) : globalThis.fetch(parts.url, parts.init);

  return async function postToken(request: SchemaTokenRequest, auth: ClientAuthentication, callerSignal?: AbortSignal): Promise<RawResponse> {
    const deadline = startDeadline(options.timeoutMs, callerSignal);
    let received: RawResponse | undefined;
    let responded = false;
    // openapi-fetch's per-call `fetch`: sends, then reads the body within the limit and the deadline.
    const sendAndRead = async (parts: RequestParts): Promise<Response> => {
      const response = await send(parts);
      responded = true;
      const body = await readBounded(response, options.maxResponseBytes, deadline.signal);
      received = { status: response.status, headers: response.headers, body };
      // openapi-fetch would read the body again, and its result is not used: hand it a 204, whose
      // body it does not read. (A copy with the real status cannot be built for 204, 205 or 304:
      // the Response constructor refuses a body with those.)
      // Stryker disable next-line ObjectLiteral: equivalent — a body-less 200 gives openapi-fetch nothing to read either, and its result is not used.
      noContent ??= new Response(null, { status: 204 });
      return noContent;
    };
    try {
      // Raced against the deadline: a fetch that ignores its signal must not outlive it either.
      await Promise.race([
        whenAborted(deadline.signal),
        client.POST('/token', {
          body: request,
          bodySerializer: formBody,
          // Exactly this value: openapi-fetch only keeps our serializer's output as form data
          // when the header carries no parameters.
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...auth.headers },
          // Stryker disable next-line StringLiteral: equivalent — openapi-fetch returns before parsing a 204, the only answer sendAndRead gives it.
          parseAs: 'stream',
          signal: deadline.signal,
          fetch: sendAndRead as unknown as (input: Request) => Promise<Response>,
        }),
      ]);
      // sendAndRead has run when POST resolves, and throws when the body cannot be read.
      return received!;
    } catch (error) {
      const fired = deadline.reason();
      // Stryker disable next-line ConditionalExpression: equivalent — whenAborted listens first, so the race rejects with this same reason, which the next line rethrows.
      if (fired) throw fired;
      if (error instanceof GanbAuthError) throw error;
      throw new NetworkError(error, responded ? 'response' : failedBeforeConnection(error) ? 'connect' : 'request');
    } finally {
      deadline.dispose();
    }
  };
}
