import { describe, expect, it } from 'vitest';
import { GanbAuthError, IdTokenError, InvalidResponseError, NetworkError, OAuthError, TimeoutError, type TokenClientOptions } from 'gmo-aozora-auth';
import { httpResponse, echoPage, jsonResponse, refusingBaseUrl, serveTokenEndpoint, type Script, type ServedTokenEndpoint } from '../support/token-endpoint.js';
import { ACCESS_TOKEN, CALLS, REFRESH_TOKEN, call, expectNoSecrets, faultClient, rejection, watchTimers } from './harness.js';
import { ROWS, expectedTries, type RowKey } from './rows.js';
import { signIdToken } from '../client/fixtures.js';

/**
 * The fault matrix: each case is a row of the failure table (docs/failure-behaviour.md), run against a
 * real server on 127.0.0.1 for both grants. It asserts the error's class, `code` and fields, the
 * number of requests the server saw, that no secret leaks and that no timer is left behind.
 */

type ErrorClass = abstract new (...args: never[]) => GanbAuthError;

interface Case {
  row: RowKey;
  /** A variant of the row, for a second test under the same row. */
  variant?: string;
  /** The server's behaviour, one script per request; `refused`: nothing listens; a function: given a second server's URL. */
  scripts: readonly Script[] | 'refused' | ((elsewhere: string) => Script[]);
  options?: Partial<TokenClientOptions>;
  /** The error expected, or `tokens` expected on success. */
  error?: [ErrorClass, Record<string, unknown>];
  tokens?: Record<string, unknown>;
  /** Requests expected when the row's retry column does not say it (a retry that then succeeds). */
  tries?: number;
  /** Waits the client must have taken between tries, from `Retry-After`. */
  delays?: unknown[];
  /** A timeout: the client must also close the connection. */
  cutOff?: boolean;
}

const JSON_TYPE = { 'Content-Type': 'application/json;charset=UTF-8' };
const TOKENS = { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600, refresh_token: REFRESH_TOKEN, scope: 'private:account' };
const gatewayFailure = (status: number) =>
  [InvalidResponseError, { code: 'INVALID_RESPONSE', status, reason: 'unexpected_status', contentType: 'text/html; charset=utf-8' }] as [
    ErrorClass,
    Record<string, unknown>,
  ];
const invalid = (reason: string, status = 200) => [InvalidResponseError, { code: 'INVALID_RESPONSE', status, reason }] as [ErrorClass, Record<string, unknown>];
/** 「メンテナンス中」 (under maintenance) in Shift_JIS, as a Japanese gateway may send it. */
const SHIFT_JIS_PAGE = Buffer.concat([
  Buffer.from('<html><body><h1>'),
  Buffer.from([0x83, 0x81, 0x83, 0x93, 0x83, 0x65, 0x83, 0x69, 0x83, 0x93, 0x83, 0x58, 0x92, 0x86]),
  Buffer.from('</h1></body></html>'),
]);
/** Waits long enough that a test would time out if the client ignored `Retry-After` for its own backoff. */
const SLOW_BACKOFF = { retry: { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } };

/** An id_token for the loopback issuer signed with another secret than the client's. */
const forgedIdToken = await signIdToken({ iss: 'http://127.0.0.1' }, { secret: 'not-the-client-secret' });

const cases: Case[] = [
  { row: 'refused', scripts: 'refused', error: [NetworkError, { code: 'NETWORK_ERROR', phase: 'connect' }] },
  { row: 'resetBeforeResponse', scripts: [{ kind: 'reset-before-response' }], error: [NetworkError, { code: 'NETWORK_ERROR', phase: 'request' }] },
  {
    row: 'resetMidResponse',
    scripts: [{ kind: 'reset-mid-response', partial: `{"access_token":"${ACCESS_TOKEN}","token_type":"Bea` }],
    error: [NetworkError, { code: 'NETWORK_ERROR', phase: 'response' }],
  },
  // Long enough for the request to reach the server on a loaded machine; nothing waits on it otherwise.
  { row: 'hang', scripts: [{ kind: 'hang' }], options: { timeoutMs: 500 }, error: [TimeoutError, { code: 'TIMEOUT', timeoutMs: 500 }], cutOff: true },
  {
    row: 'drip',
    scripts: [{ kind: 'drip', everyMs: 20 }],
    options: { timeoutMs: 500 },
    error: [TimeoutError, { code: 'TIMEOUT', timeoutMs: 500 }],
    cutOff: true,
  },
  { row: 'http500', scripts: [echoPage(500)], error: gatewayFailure(500) },
  { row: 'http502', scripts: [echoPage(502)], error: gatewayFailure(502) },
  { row: 'http503', scripts: [echoPage(503)], error: gatewayFailure(503) },
  {
    row: 'http503',
    variant: 'then 200: the retry’s tokens are returned',
    scripts: [echoPage(503), jsonResponse(TOKENS)],
    tokens: { access_token: ACCESS_TOKEN },
    tries: 2,
  },
  {
    row: 'http503',
    variant: 'a Shift_JIS maintenance page, not UTF-8',
    scripts: [httpResponse(503, SHIFT_JIS_PAGE, { 'Content-Type': 'text/html; charset=Shift_JIS' })],
    error: [InvalidResponseError, { code: 'INVALID_RESPONSE', status: 503, reason: 'unexpected_status', contentType: 'text/html; charset=Shift_JIS' }],
  },
  { row: 'http504', scripts: [echoPage(504)], error: gatewayFailure(504) },
  {
    row: 'retryAfter',
    variant: 'in seconds',
    scripts: [echoPage(429, { 'Retry-After': '0' })],
    options: SLOW_BACKOFF,
    error: gatewayFailure(429),
    delays: [0, 0],
  },
  {
    row: 'retryAfter',
    variant: 'as an HTTP date already past',
    scripts: [echoPage(429, { 'Retry-After': new Date(0).toUTCString() })],
    options: SLOW_BACKOFF,
    error: gatewayFailure(429),
    delays: [0, 0],
  },
  ...['-1', '1.5', '2 minutes'].map(
    (value): Case => ({
      row: 'retryAfter',
      variant: `"${value}", not seconds nor an HTTP date: ignored, the backoff applies`,
      scripts: [echoPage(429, { 'Retry-After': value })],
      options: { retry: { attempts: 3, baseDelayMs: 4, maxDelayMs: 1_000 } },
      error: gatewayFailure(429),
      // Equal jitter: half the backoff fixed, so 2–4 ms, then 4–8 ms.
      delays: [expect.toSatisfy((ms: number) => ms >= 2 && ms <= 4), expect.toSatisfy((ms: number) => ms >= 4 && ms <= 8)],
    }),
  ),
  {
    row: 'retryAfter',
    variant: 'then 200',
    scripts: [echoPage(429, { 'Retry-After': '0' }), jsonResponse(TOKENS)],
    options: SLOW_BACKOFF,
    tokens: { access_token: ACCESS_TOKEN },
    tries: 2,
    delays: [0],
  },
  { row: 'retryAfterTooLong', variant: '429', scripts: [echoPage(429, { 'Retry-After': '2' })], error: gatewayFailure(429) },
  { row: 'retryAfterTooLong', variant: '503', scripts: [echoPage(503, { 'Retry-After': '3600' })], error: gatewayFailure(503) },
  {
    row: 'oauthError',
    scripts: [jsonResponse({ error: 'invalid_grant', error_description: 'the grant was already used' }, 400)],
    error: [OAuthError, { code: 'OAUTH_ERROR', error: 'invalid_grant', status: 400, errorDescription: 'the grant was already used' }],
  },
  {
    row: 'invalidClient',
    scripts: [jsonResponse({ error: 'invalid_client' }, 401, { 'WWW-Authenticate': 'Basic realm="ganb"' })],
    error: [OAuthError, { code: 'OAUTH_ERROR', error: 'invalid_client', status: 401, wwwAuthenticate: 'Basic realm="ganb"' }],
  },
  {
    row: 'oauthError503',
    scripts: [jsonResponse({ error: 'server_error' }, 503)],
    error: [OAuthError, { code: 'OAUTH_ERROR', error: 'server_error', status: 503 }],
  },
  {
    row: 'oauthError503',
    variant: '429 invalid_grant',
    scripts: [jsonResponse({ error: 'invalid_grant' }, 429), jsonResponse(TOKENS)],
    error: [OAuthError, { code: 'OAUTH_ERROR', error: 'invalid_grant', status: 429 }],
  },
  {
    row: 'oauthError503',
    variant: '503 invalid_grant',
    scripts: [jsonResponse({ error: 'invalid_grant' }, 503), jsonResponse(TOKENS)],
    error: [OAuthError, { code: 'OAUTH_ERROR', error: 'invalid_grant', status: 503 }],
  },
  {
    row: 'gatewayJson429',
    scripts: [jsonResponse({ errorCode: 'WG_ERR_154', errorMessage: 'APIの利用上限を超過しています。' }, 429)],
    error: [InvalidResponseError, { code: 'INVALID_RESPONSE', status: 429, reason: 'unexpected_status' }],
  },
  {
    row: 'gatewayJson429',
    variant: 'then a 200',
    scripts: [jsonResponse({ errorCode: 'WG_ERR_154', errorMessage: 'APIの利用上限を超過しています。' }, 429), jsonResponse(TOKENS)],
    tokens: { access_token: ACCESS_TOKEN },
    tries: 2,
  },
  { row: 'truncated', scripts: [httpResponse(200, JSON.stringify(TOKENS).slice(0, -20), JSON_TYPE)], error: invalid('not_json') },
  {
    row: 'truncated',
    variant: 'complete, but the access_token is not UTF-8',
    scripts: [
      httpResponse(200, Buffer.concat([Buffer.from('{"token_type":"Bearer","access_token":"at-'), Buffer.from([0x83, 0x81]), Buffer.from('"}')]), JSON_TYPE),
    ],
    error: invalid('not_json'),
  },
  {
    row: 'oversized',
    variant: 'declared by Content-Length',
    scripts: [jsonResponse({ ...TOKENS, padding: 'x'.repeat(4096) })],
    options: { maxResponseBytes: 1024 },
    error: invalid('body_too_large'),
  },
  {
    row: 'oversized',
    variant: 'streamed in chunks',
    scripts: [httpResponse(200, JSON.stringify({ ...TOKENS, padding: 'x'.repeat(4096) }), { ...JSON_TYPE, 'Transfer-Encoding': 'chunked' })],
    options: { maxResponseBytes: 1024 },
    error: invalid('body_too_large'),
  },
  {
    row: 'wrongContentType',
    scripts: [httpResponse(200, JSON.stringify(TOKENS), { 'Content-Type': 'text/html; charset=utf-8' })],
    error: [InvalidResponseError, { code: 'INVALID_RESPONSE', status: 200, reason: 'unexpected_content_type', contentType: 'text/html; charset=utf-8' }],
  },
  {
    row: 'missingAccessToken',
    scripts: [jsonResponse({ token_type: 'Bearer', refresh_token: REFRESH_TOKEN, expires_in: 3600 })],
    error: invalid('schema_mismatch'),
  },
  {
    row: 'wrongTypes',
    variant: 'expires_in "1h", scope a list',
    scripts: [jsonResponse({ ...TOKENS, expires_in: '1h', scope: ['private:account'] })],
    error: invalid('schema_mismatch'),
  },
  { row: 'wrongTypes', variant: 'access_token a number', scripts: [jsonResponse({ ...TOKENS, access_token: 20240101 })], error: invalid('schema_mismatch') },
  { row: 'wrongTypes', variant: 'a JSON array', scripts: [jsonResponse([TOKENS])], error: invalid('not_json') },
  { row: 'expiresInString', scripts: [jsonResponse({ ...TOKENS, expires_in: '2592000' })], tokens: { access_token: ACCESS_TOKEN, expires_in: 2592000 } },
  {
    row: 'redirect',
    variant: '302 Found',
    scripts: (elsewhere) => [httpResponse(302, '', { Location: `${elsewhere}/token` })],
    error: [InvalidResponseError, { code: 'INVALID_RESPONSE', status: 302, reason: 'unexpected_redirect' }],
  },
  {
    row: 'redirect',
    variant: '307 Temporary Redirect (would resend the body)',
    scripts: (elsewhere) => [httpResponse(307, '', { Location: `${elsewhere}/token` })],
    error: [InvalidResponseError, { code: 'INVALID_RESPONSE', status: 307, reason: 'unexpected_redirect' }],
  },
  {
    row: 'redirect',
    variant: '304 Not Modified, no body',
    scripts: [httpResponse(304)],
    error: [InvalidResponseError, { code: 'INVALID_RESPONSE', status: 304, reason: 'unexpected_redirect' }],
  },
  { row: 'noBody', scripts: [httpResponse(204)], error: [InvalidResponseError, { code: 'INVALID_RESPONSE', status: 204, reason: 'unexpected_status' }] },
  { row: 'idToken', scripts: [jsonResponse({ ...TOKENS, id_token: forgedIdToken })], error: [IdTokenError, { code: 'ID_TOKEN_REJECTED', check: 'signature' }] },
  { row: 'retryOff', variant: '503', scripts: [echoPage(503)], options: { retry: false }, error: gatewayFailure(503), tries: 1 },
  { row: 'retryOff', variant: 'connection refused', scripts: 'refused', options: { retry: false }, error: [NetworkError, { phase: 'connect' }], tries: 1 },
];

async function withServers<T>(
  scripts: Case['scripts'],
  run: (baseUrl: string, server?: ServedTokenEndpoint, elsewhere?: ServedTokenEndpoint) => Promise<T>,
): Promise<T> {
  if (scripts === 'refused') return run(await refusingBaseUrl());
  const elsewhere = typeof scripts === 'function' ? await serveTokenEndpoint(jsonResponse(TOKENS)) : undefined;
  const server = await serveTokenEndpoint(...(typeof scripts === 'function' ? scripts(elsewhere!.baseUrl) : scripts));
  try {
    return await run(server.baseUrl, server, elsewhere);
  } finally {
    await Promise.all([server.close(), elsewhere?.close()]);
  }
}

for (const testCase of cases) {
  const row = ROWS[testCase.row];
  const outcome = testCase.error ? testCase.error[0].name : 'tokens';

  describe(`${row.fault}${testCase.variant ? ` (${testCase.variant})` : ''}`, () => {
    it.each(CALLS.map((which) => [`${which} → ${outcome}; retried: ${row[which]}`, which] as const))('%s', async (_title, which) => {
      await withServers(testCase.scripts, async (baseUrl, server, elsewhere) => {
        const timers = watchTimers();
        const { client, events, tries } = faultClient(baseUrl, testCase.options);
        const expectedRequests = testCase.tries ?? expectedTries(row[which]);

        if (testCase.error) {
          const [errorClass, fields] = testCase.error;
          const error = await rejection(call(client, which));
          expect(error).toBeInstanceOf(errorClass);
          expect(error).toBeInstanceOf(GanbAuthError);
          expect(error).toMatchObject(fields);
          if (error instanceof InvalidResponseError) expect(error.excerpt.length).toBeLessThanOrEqual(200);
          expectNoSecrets(error);
        } else {
          expect((await call(client, which)).tokens).toMatchObject(testCase.tokens!);
        }

        expect(tries()).toBe(expectedRequests);
        if (server) expect(server.seen).toHaveLength(expectedRequests);
        if (elsewhere) expect(elsewhere.seen).toHaveLength(0);
        if (testCase.delays) expect(events.filter((e) => e.type === 'retry').map((e) => e.delayMs)).toEqual(testCase.delays);
        // A cut-off try closes its connection: no socket outlives the call.
        if (testCase.cutOff) await Promise.all(server!.seen.map((request) => request.socketClosed));
        expect(await timers.leftBehind()).toBe(0);
        expectNoSecrets(events);
      });
    });
  });
}

describe('InvalidResponseError.excerpt', () => {
  it.each([
    ['ASCII', 'x'],
    ['emoji (two UTF-16 units each)', '🏦'],
  ])('of a long %s page is at most 200 characters, ellipsis included, and well-formed', async (_what, unit) => {
    await withServers([httpResponse(500, `<p>${unit.repeat(1000)}</p>`, { 'Content-Type': 'text/html' })], async (baseUrl) => {
      const error = await rejection(call(faultClient(baseUrl).client, 'refresh'));
      expect(error).toBeInstanceOf(InvalidResponseError);
      const { excerpt } = error as InvalidResponseError;
      expect(excerpt.length).toBeLessThanOrEqual(200);
      expect(excerpt.length).toBeGreaterThan(190);
      expect(excerpt.endsWith('…')).toBe(true);
      // encodeURIComponent throws on a lone surrogate.
      expect(() => encodeURIComponent(excerpt)).not.toThrow();
    });
  });
});
