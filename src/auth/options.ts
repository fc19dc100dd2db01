import { numberProblem } from '../shared/number-problem.js';
import type { ClientAuthMethod } from './credentials.js';
import { MAX_TIMER_MS } from './deadline.js';
import { type Endpoint, type Environment, resolveEndpoint } from './environments.js';
import { ConfigurationError } from './errors.js';
import type { GrantKind } from './grants.js';
import { createMemoryNonceStore, type NonceHooks } from './nonce.js';
import { checkObject, type LimitedSchema, stringProblem } from './validate.js';

/** Default of {@link TokenClientOptions.authMethod}: the method RFC 6749 §2.3.1 says every server supports. */
export const DEFAULT_AUTH_METHOD: ClientAuthMethod = 'client_secret_basic';

/** Default of {@link TokenClientOptions.timeoutMs}: 10 s per try, body included. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Default of {@link TokenClientOptions.maxResponseBytes}: 256 KiB, far above any token response. */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

/** Default of {@link TokenClientOptions.clockToleranceSec}: 60 s of clock difference for id_token `exp` and `iat`. */
export const DEFAULT_CLOCK_TOLERANCE_SEC = 60;

/** Default of {@link TokenClientOptions.idTokenMaxAgeSec}: 600 s, the age limit of the bank's Java SDK. */
export const DEFAULT_ID_TOKEN_MAX_AGE_SEC = 600;

/** Resolved retry settings: what {@link TokenClientOptions.retry} becomes, and what `client.config.retry` shows. */
export interface RetryPolicy {
  /**
   * Total tries, the first included; 1 means no retry.
   * @default 3
   */
  readonly attempts: number;
  /**
   * The backoff before the second try, in ms; it doubles for each further try, and each wait is
   * drawn between half of it and all of it ("equal jitter"). A `Retry-After` header replaces it.
   * @default 250
   */
  readonly baseDelayMs: number;
  /**
   * Longest wait between tries, in ms; a `Retry-After` asking for longer ends the retries.
   * @default 10000
   */
  readonly maxDelayMs: number;
}

/**
 * Default of {@link TokenClientOptions.retry}: three tries, about 250 ms then 500 ms apart,
 * waits capped at 10 s. Frozen: it is the policy of every client that sets no `retry`.
 */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ attempts: 3, baseDelayMs: 250, maxDelayMs: 10_000 });

/**
 * Retry settings as the caller gives them: `false` turns retries off; an object overrides the
 * fields it sets (each field's default is {@link DEFAULT_RETRY}'s). Only failures that can
 * succeed later are retried — see the README's failure table.
 */
export type RetryOption =
  | false
  | {
      /**
       * Total tries, the first included: an integer from 1 to 10.
       * @default 3
       */
      attempts?: number | undefined;
      /**
       * The backoff before the second try, in ms (≥ 0); it doubles for each further try.
       * @default 250
       */
      baseDelayMs?: number | undefined;
      /**
       * Longest wait between tries, in ms (≥ 0, at most 2^31 − 1); a `Retry-After` asking for longer ends the retries.
       * @default 10000
       */
      maxDelayMs?: number | undefined;
    };

/** A secret-free event for {@link TokenClientOptions.onEvent}. */
export type TokenClientEvent =
  | { type: 'request'; grant: GrantKind; attempt: number; url: string }
  | { type: 'response'; grant: GrantKind; attempt: number; status: number; durationMs: number }
  | { type: 'retry'; grant: GrantKind; attempt: number; delayMs: number; reason: string };

/** Options of {@link createTokenClient}. One of `environment` and `baseUrl` is required. */
export interface TokenClientOptions {
  /** The bank environment: picks the spec's server URL and the id_token issuer. Required unless `baseUrl` is given. */
  environment?: Environment | undefined;
  /**
   * Overrides the environment's server URL (a proxy, the mock bank, a loopback server). https, or
   * http on a loopback address; no user name or password in it.
   * @default the environment's server URL
   */
  baseUrl?: string | undefined;
  /**
   * The id_token `iss` to expect.
   * @default the environment's issuer, else the origin of `baseUrl`
   */
  issuer?: string | undefined;
  /** The client id issued by the bank. */
  clientId: string;
  /** The client secret. Kept in a closure: never a property, never logged, never in an error. */
  clientSecret: string;
  /**
   * The client authentication method registered with the bank (RFC 6749 §2.3): the
   * `Authorization` header, or `client_id`/`client_secret` in the form body. Never both.
   * @default {@link DEFAULT_AUTH_METHOD} (`'client_secret_basic'`)
   */
  authMethod?: ClientAuthMethod | undefined;
  /**
   * Nonce hooks for OpenID Connect. The default store lives in one process: with several
   * instances, keep the nonce in the session (`expectedNonce`) or share the hooks' storage.
   * @default createMemoryNonceStore()
   */
  nonce?: NonceHooks | undefined;
  /**
   * A fetch to use instead of the global one.
   * @default `globalThis.fetch`, looked up on every call (so msw started after the client still intercepts)
   */
  fetch?: typeof fetch | undefined;
  /**
   * Time limit of each try, and of the nonce check hook, in ms, body included. At most 2^31 − 1,
   * the longest timer `setTimeout` keeps.
   * @default {@link DEFAULT_TIMEOUT_MS} (10 000)
   */
  timeoutMs?: number | undefined;
  /**
   * Retry policy for failures that can succeed later; `false` turns it off.
   * @default {@link DEFAULT_RETRY} (`{ attempts: 3, baseDelayMs: 250, maxDelayMs: 10000 }`)
   */
  retry?: RetryOption | undefined;
  /**
   * Largest response body read, in bytes; a larger one is an `InvalidResponseError`.
   * @default {@link DEFAULT_MAX_RESPONSE_BYTES} (256 KiB)
   */
  maxResponseBytes?: number | undefined;
  /**
   * Allowed clock difference for id_token `exp`/`iat`, in seconds.
   * @default {@link DEFAULT_CLOCK_TOLERANCE_SEC} (60)
   */
  clockToleranceSec?: number | undefined;
  /**
   * Oldest acceptable id_token `iat`, in seconds.
   * @default {@link DEFAULT_ID_TOKEN_MAX_AGE_SEC} (600, as the bank's Java SDK)
   */
  idTokenMaxAgeSec?: number | undefined;
  /**
   * Receives secret-free events (request, response, retry) for logging and metrics. Best effort:
   * what it throws is ignored.
   * @default none
   */
  onEvent?: ((event: TokenClientEvent) => unknown) | undefined;
  /**
   * Allows creating a client where `window` and `document` exist. A client secret in a browser
   * bundle is readable by anyone; only set this for a trusted, non-browser environment that
   * happens to define those globals.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

/** Every option checked and completed with its default: what the client runs with. Holds the secret: internal only. */
export interface ResolvedTokenClientOptions {
  readonly endpoint: Endpoint;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authMethod: ClientAuthMethod;
  readonly nonce: NonceHooks;
  readonly fetch: typeof fetch | undefined;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly maxResponseBytes: number;
  readonly clockToleranceSec: number;
  readonly idTokenMaxAgeSec: number;
  readonly onEvent: ((event: TokenClientEvent) => unknown) | undefined;
}

/**
 * Checks every option and fills in the defaults. A bad value is a `ConfigurationError` naming
 * the option, thrown when the client is created, so a misconfiguration fails at start-up rather
 * than on the first login.
 */
export function resolveTokenClientOptions(options: TokenClientOptions): ResolvedTokenClientOptions {
  const opts = checkObject('options', options) as Partial<TokenClientOptions>;
  refuseBrowser(opts.dangerouslyAllowBrowser);
  const clientId = configString('clientId', opts.clientId, 'ClientId');
  const clientSecret = configString('clientSecret', opts.clientSecret, 'ClientSecret');
  const authMethod = opts.authMethod ?? DEFAULT_AUTH_METHOD;
  if (authMethod !== 'client_secret_basic' && authMethod !== 'client_secret_post') {
    throw new ConfigurationError('authMethod', "must be 'client_secret_basic' or 'client_secret_post'");
  }
  if (opts.fetch !== undefined && typeof opts.fetch !== 'function') throw new ConfigurationError('fetch', 'must be a function');
  const nonce = opts.nonce ?? createMemoryNonceStore();
  if (typeof nonce?.save !== 'function' || typeof nonce?.check !== 'function') {
    throw new ConfigurationError('nonce', 'must have save(nonce) and check(nonce) functions');
  }
  const endpoint = resolveEndpoint(opts);
  const retry = resolveRetry(opts.retry);
  if (opts.onEvent !== undefined && typeof opts.onEvent !== 'function') throw new ConfigurationError('onEvent', 'must be a function');
  return {
    endpoint,
    clientId,
    clientSecret,
    authMethod,
    nonce,
    fetch: opts.fetch,
    retry,
    onEvent: opts.onEvent,
    clockToleranceSec: positiveNumber('clockToleranceSec', opts.clockToleranceSec, DEFAULT_CLOCK_TOLERANCE_SEC),
    idTokenMaxAgeSec: positiveNumber('idTokenMaxAgeSec', opts.idTokenMaxAgeSec, DEFAULT_ID_TOKEN_MAX_AGE_SEC),
    // A longer timer would fire at once: setTimeout keeps at most 2^31 − 1 ms.
    timeoutMs: positiveNumber('timeoutMs', opts.timeoutMs, DEFAULT_TIMEOUT_MS, MAX_TIMER_MS),
    maxResponseBytes: positiveNumber('maxResponseBytes', opts.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES),
  };
}

/** Validates and completes the `retry` option. */
function resolveRetry(option: RetryOption | undefined): RetryPolicy {
  if (option === false) return Object.freeze({ ...DEFAULT_RETRY, attempts: 1 });
  if (option === undefined) return DEFAULT_RETRY;
  if (typeof option !== 'object' || option === null) throw new ConfigurationError('retry', 'must be false or an object');
  const policy = { ...DEFAULT_RETRY, ...Object.fromEntries(Object.entries(option).filter(([, v]) => v !== undefined)) } as RetryPolicy;
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1 || policy.attempts > 10)
    throw new ConfigurationError('retry.attempts', 'must be an integer from 1 to 10');
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    const problem = numberProblem(policy[key], { min: 'non-negative' });
    if (problem) throw new ConfigurationError(`retry.${key}`, problem);
    if (policy[key] > MAX_TIMER_MS) throw new ConfigurationError(`retry.${key}`, `must be at most ${MAX_TIMER_MS} ms, the longest wait setTimeout keeps`);
  }
  return Object.freeze(policy);
}

function positiveNumber(option: string, value: unknown, fallback: number, max?: number): number {
  if (value === undefined) return fallback;
  const problem = numberProblem(value, max === undefined ? {} : { max });
  if (problem) throw new ConfigurationError(option, problem);
  return value as number;
}

function refuseBrowser(allowed: unknown): void {
  const inBrowser =
    typeof (globalThis as { window?: unknown }).window !== 'undefined' && typeof (globalThis as { document?: unknown }).document !== 'undefined';
  if (inBrowser && allowed !== true) {
    throw new ConfigurationError(
      'createTokenClient',
      'refuses to run in a browser: the client secret would be readable by anyone who loads the page. Call the bank from your backend (BFF); pass dangerouslyAllowBrowser: true only for a trusted non-browser runtime that defines window and document',
    );
  }
}

/** Checks a string option against the spec's limits, as a configuration error. */
function configString(option: string, value: unknown, schema: LimitedSchema): string {
  const problem = stringProblem(value, schema);
  if (problem) throw new ConfigurationError(option, problem);
  return value as string;
}
