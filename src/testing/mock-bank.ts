import { schemaLimits } from '../generated/spec-values.js';
import { numberProblem } from '../shared/number-problem.js';
import { withinLengthLimits } from '../shared/spec-length.js';
import { MOCK_CLIENT, MOCK_POST_CLIENT, MOCK_SCOPES, type MockClient } from './clients.js';
import { FaultQueue, type MockBankFault } from './faults.js';
import { handleAuthorization } from './internal/authorization-endpoint.js';
import type { BankContext, BankSettings } from './internal/context.js';
import { GrantStore } from './internal/store.js';
import { ACCOUNTS_PATH_SUFFIX, handleAccounts } from './internal/resource-endpoint.js';
import { handleToken } from './internal/token-endpoint.js';
import { parseParams } from './internal/wire.js';

/** Options of {@link createMockBank}. Every one has a default that behaves like the bank. */
export interface MockBankOptions {
  /** Registered clients. Default {@link MOCK_CLIENT} and {@link MOCK_POST_CLIENT}. */
  clients?: readonly MockClient[] | undefined;
  /** Scopes the bank grants; any other is `invalid_scope`. Default {@link MOCK_SCOPES}. */
  scopes?: readonly string[] | undefined;
  /** Lifetime of an authorization code, in seconds. Default 60. */
  codeTtlSec?: number | undefined;
  /** Lifetime of an access token (`expires_in`), in seconds. Default 2 592 000 (30 days), the bank's documented value. */
  accessTokenTtlSec?: number | undefined;
  /** Lifetime of a refresh token, in seconds. Default 7 776 000 (90 days). */
  refreshTokenTtlSec?: number | undefined;
  /** Lifetime of an id_token (`exp - iat`), in seconds. Default 600. */
  idTokenTtlSec?: number | undefined;
  /** Send `expires_in` as a digit string (`"2592000"`), as the bank's Java documentation shows. Default false: a number. */
  expiresInAsString?: boolean | undefined;
  /**
   * Let a registered loopback redirect URI (`http://127.0.0.1/...`, `http://[::1]/...`) match
   * the same URI on any port, as RFC 8252 §7.3 asks of servers for native apps (the CLI's
   * `mock-bank` and `demo`, whose `login` listens on a free port, turn it on). Default false: the
   * bank documents that `redirect_uri` must equal a registered URI, and the mock is as strict.
   */
  loopbackRedirectAnyPort?: boolean | undefined;
  /** The id_token `iss`. Default: the origin of the request URL, which is the bank's issuer for the production and staging URLs. */
  issuer?: string | undefined;
  /** The id_token `sub` (the mock's one user). Default `mock-user-0001`. */
  subject?: string | undefined;
  /** Issue a fresh id_token (without nonce) on refresh when `openid` was granted. Default true. */
  idTokenOnRefresh?: boolean | undefined;
  /**
   * Clock in ms since the epoch, for expiry tests without waiting. It also dates id_tokens, and
   * the client refuses those too far from its own clock, so move it only for expiry tests.
   * Default: `Date.now()`, read on every call, so fake timers (`vi.setSystemTime`) move the
   * bank's clock with the client's.
   */
  now?: (() => number) | undefined;
}

/** One request as the mock bank received it, for assertions on what went over the wire. */
export interface MockBankRequest {
  readonly method: string;
  readonly url: string;
  /** The URL's path, base path included. */
  readonly path: string;
  /** Which endpoint the path ends with: `accounts` is the protected resource `…/personal/v1/accounts`. */
  readonly endpoint: 'authorization' | 'token' | 'accounts' | 'unknown';
  /** Request headers, names in lower case. Holds credentials (`authorization`): keep it out of logs. */
  readonly headers: Readonly<Record<string, string>>;
  /** Query parameters (first value of each). */
  readonly query: Readonly<Record<string, string>>;
  /** Form parameters of an `application/x-www-form-urlencoded` body (first value of each); undefined for other bodies. */
  readonly form: Readonly<Record<string, string>> | undefined;
  /** The raw body, `''` when there was none. */
  readonly body: string;
}

/** What the mock bank knows about a token it issued (a stand-in for token introspection). */
export interface MockTokenInfo {
  readonly kind: 'access' | 'refresh';
  /** False once expired, rotated (refresh tokens) or revoked. */
  readonly active: boolean;
  readonly clientId: string;
  /** Granted scopes, space-separated. */
  readonly scope: string;
  /** Expiry, in ms since the epoch. */
  readonly expiresAt: number;
}

/**
 * A fake of GMO Aozora Net Bank's authorization server, as one fetch-style handler. Serve it
 * with `mockBankHandlers` (msw) or `startMockBankServer` (`gmo-aozora-auth/testing/node`), or
 * call `handle` directly.
 */
export interface MockBank {
  /**
   * Answers a request to any URL whose path ends in `/authorization` (GET) or `/token` (POST),
   * whatever the base path, and the protected resource `GET …/personal/v1/accounts` (beside the
   * auth API, as on the bank: `https://api.gmo-aozora.com/ganb/api/personal/v1/accounts`), which
   * responds 200 with a sample account list for an active access token in `x-access-token`, and
   * 401 for a missing, unknown, expired or revoked one.
   */
  handle(request: Request): Promise<Response>;
  /** Every request received, oldest first, until the next `reset()`. */
  readonly requests: readonly MockBankRequest[];
  /** The registered clients. */
  readonly clients: readonly MockClient[];
  /** Registers a client, or replaces the one with the same id. */
  registerClient(client: MockClient): void;
  /** Queues a fault for the next requests it concerns (see {@link MockBankFault}). */
  inject(fault: MockBankFault): void;
  /** Faults not yet used up, with their remaining `times`. */
  readonly pendingFaults: readonly MockBankFault[];
  /** What the bank knows about a token it issued, or undefined for one it never issued. */
  tokenInfo(token: string): MockTokenInfo | undefined;
  /**
   * Expires one token the bank issued (access or refresh) now, as if its lifetime had passed:
   * the resource refuses such an access token, `/token` such a refresh token. Returns false for a
   * token the bank never issued.
   */
  expireToken(token: string): boolean;
  /** Expires every access token issued so far (refresh tokens stay valid), so the next API call of every session is refused. */
  expireAccessTokens(): void;
  /**
   * Revokes the whole grant a token belongs to, as if the user withdrew consent at the bank:
   * its access and refresh tokens are all refused from now on. Returns false for an unknown token.
   */
  revokeGrant(token: string): boolean;
  /** Forgets every code, token, fault and logged request (registered clients stay), and ends pending delays. */
  reset(): void;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const problem = numberProblem(value);
  if (problem) throw new RangeError(`${name} ${problem}`);
  return value;
}

/** Checks a registration against the spec's limits, so a bad fixture fails where it is written. */
function checkClient(client: MockClient): MockClient {
  for (const [name, value, limits] of [
    ['clientId', client.clientId, schemaLimits.ClientId],
    ['clientSecret', client.clientSecret, schemaLimits.ClientSecret],
  ] as const) {
    if (typeof value !== 'string' || !withinLengthLimits(value, limits)) {
      throw new RangeError(`client.${name} must be a string of ${limits.minLength} to ${limits.maxLength} characters`);
    }
  }
  if (client.authMethod !== 'client_secret_basic' && client.authMethod !== 'client_secret_post') {
    throw new RangeError("client.authMethod must be 'client_secret_basic' or 'client_secret_post'");
  }
  if (!Array.isArray(client.redirectUris) || client.redirectUris.length === 0) throw new RangeError('client.redirectUris must list at least one URI');
  for (const uri of client.redirectUris) {
    if (!URL.canParse(uri)) throw new RangeError('client.redirectUris must hold absolute URIs');
  }
  return Object.freeze({ ...client, redirectUris: Object.freeze([...client.redirectUris]) });
}

function endpointOf(path: string): MockBankRequest['endpoint'] {
  if (path.endsWith('/authorization')) return 'authorization';
  if (path.endsWith('/token')) return 'token';
  if (path.endsWith(ACCOUNTS_PATH_SUFFIX)) return 'accounts';
  return 'unknown';
}

/**
 * Creates a mock of the bank's auth server (RFC 6749 authorization code grant with refresh,
 * OpenID Connect id_tokens), typed from the spec and built on Web APIs only, so it runs in
 * Node, browsers and edge runtimes.
 *
 * What it enforces: registered clients and redirect URIs; single-use codes bound to client,
 * redirect URI, scope and nonce, with expiry; client authentication by exactly one method, the
 * registered one; refresh-token rotation; the spec's length limits; and every RFC 6749 §5.2
 * error as the spec documents it. The user "consents" automatically, unless a `deny-consent`
 * fault is queued. A refresh token is issued only when `offline_access` (or
 * `private:offline_access`) was granted; an id_token only when `openid` was.
 *
 * @example
 * const bank = createMockBank();
 * const response = await bank.handle(new Request('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/token', { method: 'POST', body }));
 */
export function createMockBank(options: MockBankOptions = {}): MockBank {
  const settings: BankSettings = {
    scopes: new Set(options.scopes ?? MOCK_SCOPES),
    codeTtlSec: positive('codeTtlSec', options.codeTtlSec, 60),
    accessTokenTtlSec: positive('accessTokenTtlSec', options.accessTokenTtlSec, 2_592_000),
    refreshTokenTtlSec: positive('refreshTokenTtlSec', options.refreshTokenTtlSec, 7_776_000),
    idTokenTtlSec: positive('idTokenTtlSec', options.idTokenTtlSec, 600),
    expiresInAsString: options.expiresInAsString ?? false,
    loopbackRedirectAnyPort: options.loopbackRedirectAnyPort ?? false,
    issuer: options.issuer,
    subject: options.subject ?? 'mock-user-0001',
    idTokenOnRefresh: options.idTokenOnRefresh ?? true,
    // Read on every call (not a reference kept to today's Date.now), so fake timers apply.
    now: options.now ?? (() => Date.now()),
  };
  const clients = new Map<string, MockClient>();
  for (const client of options.clients ?? [MOCK_CLIENT, MOCK_POST_CLIENT]) clients.set(client.clientId, checkClient(client));
  const store = new GrantStore();
  const faults = new FaultQueue();
  const requests: MockBankRequest[] = [];
  let lifetime = new AbortController();
  const context: BankContext = { settings, clients, store, faults, lifetime: () => lifetime.signal };

  async function record(request: Request): Promise<{ entry: MockBankRequest; body: string }> {
    const url = new URL(request.url);
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const isForm = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    const entry: MockBankRequest = {
      method: request.method,
      url: request.url,
      path: url.pathname,
      endpoint: endpointOf(url.pathname),
      headers: Object.fromEntries(request.headers),
      query: parseParams(url.searchParams).values,
      form: isForm ? parseParams(new URLSearchParams(body)).values : undefined,
      body,
    };
    requests.push(entry);
    return { entry, body };
  }

  return {
    async handle(request) {
      const { entry, body } = await record(request);
      if (entry.endpoint === 'authorization') return handleAuthorization(request, context);
      if (entry.endpoint === 'token') return handleToken(request, body, context);
      if (entry.endpoint === 'accounts') return handleAccounts(request, context);
      return new Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
    },
    get requests() {
      return requests;
    },
    get clients() {
      return [...clients.values()];
    },
    registerClient(client) {
      const checked = checkClient(client);
      clients.set(checked.clientId, checked);
    },
    inject(fault) {
      faults.add(fault);
    },
    get pendingFaults() {
      return faults.pending();
    },
    tokenInfo(token) {
      const found = store.tokens.get(token);
      if (!found) return undefined;
      return {
        kind: found.kind,
        active: found.state === 'active' && !found.grant.revoked && settings.now() < found.expiresAt,
        clientId: found.grant.clientId,
        scope: found.grant.scopes.join(' '),
        expiresAt: found.expiresAt,
      };
    },
    expireToken(token) {
      const found = store.tokens.get(token);
      if (found) found.expiresAt = Math.min(found.expiresAt, settings.now());
      return found !== undefined;
    },
    expireAccessTokens() {
      const now = settings.now();
      for (const found of store.tokens.values()) if (found.kind === 'access') found.expiresAt = Math.min(found.expiresAt, now);
    },
    revokeGrant(token) {
      const found = store.tokens.get(token);
      if (found) found.grant.revoked = true;
      return found !== undefined;
    },
    reset() {
      store.clear();
      faults.clear();
      requests.length = 0;
      lifetime.abort(new Error('the mock bank was reset'));
      lifetime = new AbortController();
    },
  };
}
