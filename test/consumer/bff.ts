// A consumer's own login code, as a BFF would write it with gmo-aozora-auth. The test beside it
// is the sample consumer test the README shows: it only uses the package's public entries.
import { createTokenClient, OAuthError, type TokenSet } from 'gmo-aozora-auth';

/** What the BFF keeps in the user's server-side session. */
export interface Session {
  state?: string;
  tokens?: TokenSet;
}

export const REDIRECT_URI = 'https://bff.example.com/callback';

export function createLogin(options: { clientId: string; clientSecret: string }) {
  const auth = createTokenClient({ environment: 'staging', ...options });
  return {
    /** GET /login: remember the state, send the browser to the bank. */
    async start(session: Session): Promise<string> {
      const { url, state } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: ['openid', 'offline_access', 'private:account'] });
      session.state = state;
      return url;
    },
    /** GET /callback: check the state, exchange the code, keep the tokens. */
    async finish(session: Session, callbackUrl: string): Promise<void> {
      const expectedState = session.state ?? '';
      delete session.state;
      const { code } = auth.parseCallback(callbackUrl, { expectedState });
      session.tokens = await auth.exchangeCode({ code, redirectUri: REDIRECT_URI });
    },
    /** Before calling the bank's APIs: renew; a refused refresh means the user must log in again. */
    async renew(session: Session): Promise<'renewed' | 'login-required'> {
      try {
        session.tokens = await auth.refresh({ refreshToken: session.tokens!.refresh_token! });
        return 'renewed';
      } catch (error) {
        if (error instanceof OAuthError && error.error === 'invalid_grant') {
          delete session.tokens;
          return 'login-required';
        }
        throw error;
      }
    },
  };
}
