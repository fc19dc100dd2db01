import { createMockBank, MOCK_CLIENT, type MockBank, type MockBankOptions, type MockClient } from 'gmo-aozora-auth/testing';

export const STAGING = 'https://stg-api.gmo-aozora.com/ganb/api/auth/v1';
export const REDIRECT_URI = 'http://127.0.0.1/callback';
export const FULL_SCOPE = 'private:account openid offline_access';

/**
 * Basic credentials as RFC 6749 §2.3.1 builds them, written independently of the mock's
 * decoder so the two cannot share a bug: form-urlencode each part, join with ":", base64.
 */
export function basicHeader(id: string, secret: string): string {
  const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`;
}

/** GET /authorization with the given query (undefined values left out). */
export function authorize(bank: MockBank, query: Record<string, string | undefined>, base = STAGING): Promise<Response> {
  const url = new URL(`${base}/authorization`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
  return bank.handle(new Request(url, { redirect: 'manual' }));
}

/** A well-formed authorization query for `client`, overridable. */
export function authorizationQuery(client: MockClient = MOCK_CLIENT, overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: FULL_SCOPE, state: 'state-1', nonce: 'nonce-1', ...overrides };
}

/** Runs /authorization and returns the code from the redirect; fails the test when there is none. */
export async function issueCode(bank: MockBank, client: MockClient = MOCK_CLIENT, overrides: Record<string, string | undefined> = {}): Promise<string> {
  const response = await authorize(bank, authorizationQuery(client, overrides));
  const code = new URL(response.headers.get('location') ?? 'http://invalid/').searchParams.get('code');
  if (response.status !== 302 || !code) throw new Error(`expected a redirect with a code, got ${response.status}`);
  return code;
}

/** How a test authenticates a token request: as the client's registered method, explicitly, or not at all. */
export type Auth = MockClient | { header?: string; body?: Record<string, string> } | 'none';

/** POST /token with a form body; returns the status, headers and parsed JSON (or text). */
export async function token(bank: MockBank, form: Record<string, string>, auth: Auth = MOCK_CLIENT, init: { contentType?: string; base?: string } = {}) {
  const headers = new Headers({ 'Content-Type': init.contentType ?? 'application/x-www-form-urlencoded' });
  let fields = { ...form };
  if (auth !== 'none' && 'clientId' in auth) {
    if (auth.authMethod === 'client_secret_basic') headers.set('Authorization', basicHeader(auth.clientId, auth.clientSecret));
    else fields = { ...fields, client_id: auth.clientId, client_secret: auth.clientSecret };
  } else if (auth !== 'none') {
    if (auth.header) headers.set('Authorization', auth.header);
    fields = { ...fields, ...auth.body };
  }
  const response = await bank.handle(new Request(`${init.base ?? STAGING}/token`, { method: 'POST', headers, body: new URLSearchParams(fields) }));
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: response.status, headers: response.headers, body };
}

/** Exchanges a fresh code for tokens; returns the 200 body. */
export async function login(bank: MockBank, client: MockClient = MOCK_CLIENT, overrides: Record<string, string | undefined> = {}) {
  const code = await issueCode(bank, client, overrides);
  const httpResponse = await token(bank, { grant_type: 'authorization_code', code, redirect_uri: overrides.redirect_uri ?? REDIRECT_URI }, client);
  if (httpResponse.status !== 200) throw new Error(`expected 200, got ${httpResponse.status} ${String(httpResponse.body.error)}`);
  return httpResponse.body as {
    access_token: string;
    refresh_token?: string;
    id_token?: string;
    scope: string;
    token_type: string;
    expires_in: number | string;
  };
}

/** A bank with a controllable clock, for expiry without waiting. */
export function bankWithClock(options: MockBankOptions = {}) {
  let now = Date.now();
  const bank = createMockBank({ ...options, now: () => now });
  return {
    bank,
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}
