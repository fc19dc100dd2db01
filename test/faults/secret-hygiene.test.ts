import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidResponseError, OAuthError, type TokenClientEvent } from 'gmo-aozora-auth';
import { httpResponse, echoPage, fakeTokenEndpoint, jsonResponse, type Script } from '../support/token-endpoint.js';
import { ACCESS_TOKEN, BANK, BASIC, CALLS, CLIENT_SECRET, CODE, REFRESH_TOKEN, call, expectNoSecrets, faultClient, rejection, type Call } from './harness.js';

/**
 * The client secret, the Basic header, codes, refresh and access tokens reach no error message,
 * cause chain, inspect or JSON view of an error or of the client, no event and no console line,
 * even when a misbehaving server echoes them back.
 */

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `which` against a bank answering `script`, for both client authentication methods. */
async function failWith(script: Script, which: Call, authMethod: 'client_secret_basic' | 'client_secret_post' = 'client_secret_basic') {
  const bank = fakeTokenEndpoint(script);
  const { client, events } = faultClient(BANK, { authMethod, retry: false, fetch: bank.fetch });
  return { error: await rejection(call(client, which)), events };
}

/**
 * What a call sent, bare: the client knows these values and redacts them wherever they appear.
 * Tokens it did not send (the access token, the other grant's value) it can only recognise by
 * their shape: a JSON or form field, a JWT, an Authorization header.
 */
const sent = (which: Call) => (which === 'exchangeCode' ? CODE : REFRESH_TOKEN);
const everySecret = (which: Call) =>
  `sent ${sent(which)} with secret ${CLIENT_SECRET} and ${BASIC}; code=${CODE}&refresh_token=${REFRESH_TOKEN}; {"access_token": "${ACCESS_TOKEN}"}`;

describe.each(CALLS)('%s', (which) => {
  it.each(['client_secret_basic', 'client_secret_post'] as const)(
    'a gateway page echoing the whole request (%s) leaves no secret in the error',
    async (authMethod) => {
      const { error, events } = await failWith(echoPage(502), which, authMethod);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as InvalidResponseError).excerpt).toContain('Gateway error 502');
      expectNoSecrets(error);
      expectNoSecrets(events);
    },
  );

  it('an OAuthError whose error_description and error_uri echo the code, tokens and secret is redacted', async () => {
    const { error } = await failWith(
      jsonResponse(
        {
          error: 'invalid_grant',
          error_description: `grant ${sent(which)} rejected for secret ${CLIENT_SECRET}, header ${BASIC}`,
          error_uri: `https://bank.example/errors?code=${CODE}&refresh_token=${REFRESH_TOKEN}`,
        },
        400,
      ),
      which,
    );
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).errorDescription).toContain('[REDACTED]');
    expect((error as OAuthError).errorDescription).toContain('rejected for secret');
    expectNoSecrets(error);
  });

  it.each([
    [
      'JSON with the tokens but a wrong type',
      jsonResponse({ access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN, id_token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln', token_type: 7 }),
    ],
    [
      'the tokens as JSON under text/html',
      httpResponse(200, JSON.stringify({ access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN, token_type: 'Bearer' }), { 'Content-Type': 'text/html' }),
    ],
    [
      'the tokens form-encoded in a 500 page',
      httpResponse(500, `access_token=${ACCESS_TOKEN}&refresh_token=${REFRESH_TOKEN}&code=${CODE}`, { 'Content-Type': 'text/plain' }),
    ],
    ['every secret in a 503 page', httpResponse(503, everySecret(which), { 'Content-Type': 'text/plain' })],
  ])('an InvalidResponseError whose body holds %s keeps none of them', async (_what, script) => {
    const { error } = await failWith(script, which);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).excerpt).toContain('[REDACTED]');
    expectNoSecrets(error);
  });
});

it('the client shows only its secret-free configuration, whatever the auth method', () => {
  for (const authMethod of ['client_secret_basic', 'client_secret_post'] as const) {
    const { client } = faultClient('http://127.0.0.1:9/ganb/api/auth/v1', { authMethod });
    expectNoSecrets(client);
    expect(inspect(client, { showHidden: true, depth: 10 })).not.toContain(CLIENT_SECRET);
    expect(JSON.parse(JSON.stringify(client))).toEqual({
      baseUrl: 'http://127.0.0.1:9/ganb/api/auth/v1',
      issuer: 'http://127.0.0.1:9',
      clientId: 's6BhdRkqt3',
      authMethod,
      timeoutMs: 30_000,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1_000 },
    });
  }
});

it('events carry no secret and nothing is written to the console, through retries and a success', async () => {
  const consoleCalls = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation(() => undefined),
  );
  const bank = fakeTokenEndpoint(echoPage(503), jsonResponse({ access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN, token_type: 'Bearer' }));
  const { client, events } = faultClient(BANK, { fetch: bank.fetch });
  for (const which of CALLS) await call(client, which);
  expect(events.map((e: TokenClientEvent) => e.type)).toEqual(['request', 'response', 'retry', 'request', 'response', 'request', 'response']);
  expectNoSecrets(events);
  for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
});

it.each(CALLS)('%s: a 200 cut off inside the access_token leaves no part of the token in the excerpt', async (which) => {
  const body = `{"token_type":"Bearer","access_token":"${ACCESS_TOKEN}`.slice(0, -6);
  const { error } = await failWith(httpResponse(200, body, { 'Content-Type': 'application/json' }), which);
  expect(error).toMatchObject({ code: 'INVALID_RESPONSE', reason: 'not_json' });
  expect((error as InvalidResponseError).excerpt).toBe('{"token_type":"Bearer","access_token":"[REDACTED]');
  for (const view of [error.message, inspect(error), JSON.stringify(error)]) expect(view).not.toContain(ACCESS_TOKEN.slice(0, 12));
});

it.each(CALLS)('%s: a WWW-Authenticate header echoing the credentials is redacted in the OAuthError', async (which) => {
  const challenge = `Basic realm="ganb", error="invalid_client", error_description="client secret ${CLIENT_SECRET} (${BASIC}) refused for ${sent(which)}"`;
  const { error } = await failWith(jsonResponse({ error: 'invalid_client' }, 401, { 'WWW-Authenticate': challenge }), which);
  expect(error).toBeInstanceOf(OAuthError);
  expect((error as OAuthError).wwwAuthenticate).toMatch(/^Basic realm="ganb", error="invalid_client", error_description="client secret \[REDACTED\]/);
  expectNoSecrets(error);
});

it.each(CALLS)('%s: Basic credentials echoed without the scheme are redacted', async (which) => {
  const credentials = BASIC.slice('Basic '.length);
  const { error } = await failWith(jsonResponse({ error: 'invalid_client', error_description: `credentials ${credentials} are not registered` }, 401), which);
  expect(error).toBeInstanceOf(OAuthError);
  expect(error.message).not.toContain(credentials);
});
