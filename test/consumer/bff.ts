// A consumer's own sign-in code, as a BFF writes it with gmo-aozora-auth. README.md shows it as
// the usage example; bff-login.test.ts beside it runs every line against the mock bank.
import { createTokenClient, createTokenManager, GanbAuthError, LoginRequiredError } from 'gmo-aozora-auth';

// One client and one token manager per process: both are safe to share between requests.
const auth = createTokenClient({
  environment: 'staging',
  clientId: process.env.GANB_CLIENT_ID!,
  clientSecret: process.env.GANB_CLIENT_SECRET!,
});
// Keeps each session's tokens and renews them: one refresh at a time per session, however many
// requests need a token at once. Its default store is this process's memory (see below).
const tokens = createTokenManager({ client: auth });

const REDIRECT_URI = 'https://bff.example.com/auth/callback';
const ACCOUNTS_URL = 'https://stg-api.gmo-aozora.com/ganb/api/personal/v1/accounts';

/** Server-side session data, kept in your session store and found by the session cookie. */
export interface Session {
  /** Your session id; the token manager keeps the session's tokens under it. */
  id: string;
  /** The login under way: its state and nonce, each good for one callback. */
  login?: { state: string; nonce: string };
}

/** GET /auth/login — send the browser to the bank. */
export async function login(session: Session): Promise<Response> {
  const { url, state, nonce } = await auth.authorizationUrl({
    redirectUri: REDIRECT_URI,
    scope: ['openid', 'private:account', 'offline_access'],
  });
  // The nonce lives in the session, so any instance can finish the login.
  session.login = { state, nonce: nonce! }; // openid is in the scope, so there is a nonce
  return Response.redirect(url, 302);
}

/** GET /auth/callback — the bank sends the browser back here with a code. */
export async function callback(request: Request, session: Session): Promise<Response> {
  const pending = session.login;
  delete session.login; // a state and a nonce are good for one callback only
  try {
    // No login under way (an expired session, a double click) is a StateMismatchError.
    const { code } = auth.parseCallback(request.url, { expectedState: pending?.state });
    // With expectedNonce the login succeeds only with a verified id_token, so `sub` is always there.
    const result = await auth.exchangeCode({ code, redirectUri: REDIRECT_URI, expectedNonce: pending!.nonce, signal: request.signal });
    await tokens.save(session.id, result);
    return new Response(`Signed in as ${result.idTokenClaims.sub}`);
  } catch (error) {
    return new Response(`Sign-in failed: ${error instanceof GanbAuthError ? error.code : 'unexpected error'}`, { status: 400 });
  }
}

/** GET /api/accounts — the bank's API, called with the session's access token. */
export async function accounts(request: Request, session: Session): Promise<Response> {
  const call = (accessToken: string) => fetch(ACCOUNTS_URL, { headers: { 'x-access-token': accessToken }, signal: request.signal });
  try {
    const accessToken = await tokens.accessToken(session.id, { signal: request.signal });
    let response = await call(accessToken);
    if (response.status === 401) {
      // The bank refused the token: renew it once. Requests that saw the same 401 share one refresh.
      response = await call(await tokens.accessToken(session.id, { rejectedToken: accessToken, signal: request.signal }));
    }
    return new Response(response.body, { status: response.status, headers: { 'Content-Type': 'application/json' } });
  } catch (error) {
    // No tokens, or the bank refused the refresh token (invalid_grant): only a new login helps.
    if (error instanceof LoginRequiredError) return new Response('Sign in again', { status: 401 });
    throw error;
  }
}

/** POST /auth/logout — forget the session's tokens. */
export async function logout(session: Session): Promise<Response> {
  // The bank has no revocation endpoint: the access token stays valid at the bank until it expires.
  await tokens.delete(session.id);
  return new Response('Signed out');
}
