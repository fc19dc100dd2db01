// The sample consumer test: the BFF in bff.ts tested against the mock bank, through msw
// intercepting the real staging URL. It imports only the public entries a user has:
// 'gmo-aozora-auth' and 'gmo-aozora-auth/testing' (plus msw and vitest).
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { OAuthError } from 'gmo-aozora-auth';
import { approveAuthorization, createMockBank, denyAuthorization, MOCK_CLIENT, mockBankHandlers } from 'gmo-aozora-auth/testing';

const bank = createMockBank({
  clients: [{ ...MOCK_CLIENT, redirectUris: ['https://bff.example.com/auth/callback'] }],
});
const server = setupServer(...mockBankHandlers(bank));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => bank.reset());
afterAll(() => server.close());

// bff.ts reads its credentials from the environment, as in production.
vi.stubEnv('GANB_CLIENT_ID', MOCK_CLIENT.clientId);
vi.stubEnv('GANB_CLIENT_SECRET', MOCK_CLIENT.clientSecret);
const { login, callback, accessToken } = await import('./bff.js');
type Session = import('./bff.js').Session;

/** Plays the browser: login redirect → the bank's consent → back to our callback. */
async function signIn(session: Session): Promise<Response> {
  const redirect = await login(session);
  const callbackUrl = await approveAuthorization(redirect.headers.get('location')!);
  return callback(new Request(callbackUrl), session);
}

test('signs in with OpenID Connect, then uses the access token until it nears expiry', async () => {
  const session: Session = {};
  const response = await signIn(session);
  expect(response.status).toBe(200);
  expect(await response.text()).toBe('Signed in as mock-user-0001');
  expect(session.login).toBeUndefined();

  const first = session.tokens!.accessToken;
  expect(await accessToken(session)).toBe(first);
  expect(bank.requests.filter((r) => r.path.endsWith('/token'))).toHaveLength(1);
});

test('renews the access token when it is about to expire, with rotation', async () => {
  const session: Session = {};
  await signIn(session);
  const before = { ...session.tokens! };
  session.tokens!.expiresAt = Date.now() + 30_000;

  const renewed = await accessToken(session);
  expect(renewed).not.toBe(before.accessToken);
  expect(session.tokens!.refreshToken).not.toBe(before.refreshToken);
  expect(bank.requests.filter((r) => r.path.endsWith('/token')).map((r) => r.form?.grant_type)).toEqual(['authorization_code', 'refresh_token']);
});

test('asks for a new sign-in when the bank refuses the refresh token', async () => {
  const session: Session = {};
  await signIn(session);
  session.tokens!.expiresAt = 0;
  bank.inject({ type: 'invalid-grant-on-refresh' });

  await expect(accessToken(session)).rejects.toMatchObject({ error: 'invalid_grant' } satisfies Partial<OAuthError>);
  expect(session.tokens).toBeUndefined();
  await expect(accessToken(session)).rejects.toThrow('not signed in');
});

test('refuses a callback that belongs to another session', async () => {
  const mine: Session = {};
  const theirs: Session = {};
  await login(mine);
  const redirect = await login(theirs);
  const callbackForThem = await approveAuthorization(redirect.headers.get('location')!);

  const response = await callback(new Request(callbackForThem), mine);
  expect(response.status).toBe(400);
  expect(await response.text()).toBe('Sign-in failed: STATE_MISMATCH');
  expect(mine.tokens).toBeUndefined();
});

test('refuses a replayed callback: the state and the code are single-use', async () => {
  const session: Session = {};
  const redirect = await login(session);
  const callbackUrl = await approveAuthorization(redirect.headers.get('location')!);
  await callback(new Request(callbackUrl), session);

  const replay = await callback(new Request(callbackUrl), session);
  expect(replay.status).toBe(400);
  expect(await replay.text()).toBe('Sign-in failed: STATE_MISMATCH');
});

test('reports a declined consent', async () => {
  const session: Session = {};
  const redirect = await login(session);
  const response = await callback(new Request(denyAuthorization(redirect.headers.get('location')!)), session);
  expect(await response.text()).toBe('Sign-in failed: OAUTH_ERROR');
});

test('refuses an id_token whose nonce is not ours, and keeps no tokens', async () => {
  const session: Session = {};
  bank.inject({ type: 'id-token', tamper: 'wrong-nonce' });
  const response = await signIn(session);
  expect(await response.text()).toBe('Sign-in failed: ID_TOKEN_REJECTED');
  expect(session.tokens).toBeUndefined();
});
