// A consumer's own sign-in code, as a BFF writes it with gmo-aozora-auth. README.md shows it as
// the usage example; bff-login.test.ts beside it runs every line against the mock bank.
import { createTokenClient, GanbAuthError, OAuthError } from 'gmo-aozora-auth';

// One client per process: it keeps the secret in a closure and is safe to share.
const auth = createTokenClient({
  environment: 'staging',
  clientId: process.env.GANB_CLIENT_ID!,
  clientSecret: process.env.GANB_CLIENT_SECRET!,
});

const REDIRECT_URI = 'https://bff.example.com/auth/callback';

/** Server-side session data, kept in your session store and found by the session cookie. */
export interface Session {
  /** The login under way: its state and nonce, each good for one callback. */
  login?: { state: string; nonce: string };
  tokens?: { accessToken: string; refreshToken?: string; expiresAt: number };
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
    const tokens = await auth.exchangeCode({ code, redirectUri: REDIRECT_URI, expectedNonce: pending!.nonce, signal: request.signal });
    session.tokens = {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: Date.now() + (tokens.expires_in ?? 0) * 1000,
    };
    return new Response(`Signed in as ${tokens.idTokenClaims.sub}`);
  } catch (error) {
    return new Response(`Sign-in failed: ${error instanceof GanbAuthError ? error.code : 'unexpected error'}`, { status: 400 });
  }
}

/** The access token for a resource API call (`x-access-token` header), renewed when it is about to expire. */
export async function accessToken(session: Session): Promise<string> {
  const tokens = session.tokens;
  if (!tokens) throw new Error('not signed in');
  if (tokens.expiresAt - Date.now() > 60_000 || !tokens.refreshToken) return tokens.accessToken;
  try {
    const renewed = await auth.refresh({ refreshToken: tokens.refreshToken });
    session.tokens = {
      accessToken: renewed.access_token,
      refreshToken: renewed.refresh_token ?? tokens.refreshToken,
      expiresAt: Date.now() + (renewed.expires_in ?? 0) * 1000,
    };
    return renewed.access_token;
  } catch (error) {
    // invalid_grant: the refresh token expired or was revoked. Retrying cannot help; sign in again.
    if (error instanceof OAuthError && error.error === 'invalid_grant') delete session.tokens;
    throw error;
  }
}
