import type { SchemaTokenRequest } from '../generated/auth-api.js';
import type { ClientAuthentication } from './credentials.js';
import { sleep } from './deadline.js';
import { AbortedError, GanbAuthError, InvalidResponseError } from './errors.js';
import type { GrantKind } from './grants.js';
import type { ResolvedTokenClientOptions, TokenClientEvent } from './options.js';
import { redactError, type SecretValues } from './redact.js';
import { isRetryable, parseRetryAfter, retryDelay } from './retry.js';
import { parseTokenFailure, parseTokenSuccess, type TokenSet } from './token-response.js';
import { createTransport } from './transport.js';

/** Sends one grant to `POST /token`, retrying what may succeed later, and returns the checked response. */
export type TokenRequester = (grant: GrantKind, body: SchemaTokenRequest, secrets: SecretValues, signal: AbortSignal | undefined) => Promise<TokenSet>;

/**
 * The request loop of a client: each try through the transport, its response parsed, a failure
 * retried under the retry policy (grant-aware: see `isRetryable`) and every error redacted of
 * `secrets` before it reaches the caller. Emits the `request`, `response` and `retry` events.
 */
export function createTokenRequester(options: ResolvedTokenClientOptions, auth: ClientAuthentication): TokenRequester {
  const { endpoint, retry, onEvent } = options;
  const postToken = createTransport({
    baseUrl: endpoint.baseUrl,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
  });
  const tokenUrl = `${endpoint.baseUrl}/token`;
  // Events are best effort: a listener that throws must not lose tokens or change an error.
  const emit = (event: TokenClientEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // Nowhere to report it: library code never logs.
    }
  };

  return async function requestTokens(grant, body, secrets, signal) {
    // Checked before the first event, so an already-fired signal reports no request it never sent.
    if (signal?.aborted) throw new AbortedError(signal.reason);
    for (let attempt = 1; ; attempt++) {
      emit({ type: 'request', grant, attempt, url: tokenUrl });
      const started = Date.now();
      let failure: GanbAuthError;
      let status: number | undefined;
      let retryAfterMs: number | undefined;
      try {
        const response = await postToken(body, auth, signal);
        status = response.status;
        emit({ type: 'response', grant, attempt, status, durationMs: Date.now() - started });
        if (response.status === 200) return parseTokenSuccess(response, secrets);
        failure = parseTokenFailure(response, secrets);
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      } catch (error) {
        if (!(error instanceof GanbAuthError)) throw error;
        failure = error;
        // A response the transport could not read (too large, say) still has a status that decides.
        if (error instanceof InvalidResponseError) status = error.status;
      }
      const delayMs = attempt < retry.attempts && isRetryable(grant, failure, status) ? retryDelay(retry, attempt, retryAfterMs) : undefined;
      if (delayMs === undefined) throw redactError(failure, secrets, isOwnError);
      emit({ type: 'retry', grant, attempt, delayMs, reason: status ? `HTTP ${status}` : failure.code });
      await sleep(delayMs, signal);
    }
  };
}

const isOwnError = (value: unknown): value is GanbAuthError => value instanceof GanbAuthError;
