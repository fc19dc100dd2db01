/**
 * A client registered with the mock bank: the id and secret the bank issued, the one client
 * authentication method it was registered for (RFC 6749 §2.3), and its redirect URIs.
 */
export interface MockClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authMethod: 'client_secret_basic' | 'client_secret_post';
  /**
   * Pre-registered redirect URIs, matched exactly. With
   * {@link MockBankOptions.loopbackRedirectAnyPort}, a loopback `http://127.0.0.1/...` or
   * `http://[::1]/...` entry also matches the same path on any port, as RFC 8252 §7.3 asks.
   */
  readonly redirectUris: readonly string[];
}

const DEMO_REDIRECT_URIS = Object.freeze(['http://127.0.0.1/callback', 'http://[::1]/callback', 'https://bff.example.com/callback']);

/**
 * The mock bank's default `client_secret_basic` client. Its credentials are public test
 * values: they work against the mock bank only.
 */
export const MOCK_CLIENT: MockClient = Object.freeze({
  clientId: 'mock-basic-client',
  clientSecret: 'mock-basic-secret-0123456789',
  authMethod: 'client_secret_basic',
  redirectUris: DEMO_REDIRECT_URIS,
});

/** The mock bank's default `client_secret_post` client (credentials in the form body). */
export const MOCK_POST_CLIENT: MockClient = Object.freeze({
  clientId: 'mock-post-client',
  clientSecret: 'mock-post-secret-0123456789',
  authMethod: 'client_secret_post',
  redirectUris: DEMO_REDIRECT_URIS,
});

/**
 * Scopes the mock bank grants: those the bank documents, including both spellings of the
 * refresh-token scope (`offline_access` and `private:offline_access`) seen in its documents.
 */
export const MOCK_SCOPES: readonly string[] = Object.freeze([
  'private:account',
  'private:virtual-account',
  'private:transfer',
  'private:bulk-transfer',
  'openid',
  'offline_access',
  'private:offline_access',
]);

/** Scopes whose grant earns a refresh token. */
export const OFFLINE_SCOPES: readonly string[] = Object.freeze(['offline_access', 'private:offline_access']);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/**
 * Whether `given` matches the registered `registered` redirect URI: exactly, or — when
 * `loopbackAnyPort` — as a loopback IP literal URI that differs only in its port (RFC 8252
 * §7.3: native apps listen on an ephemeral port, so the port is not part of the match).
 * `localhost` is deliberately not treated as loopback (RFC 8252 §8.3 advises against it).
 */
export function redirectUriMatches(registered: string, given: string, loopbackAnyPort: boolean): boolean {
  if (registered === given) return true;
  if (!loopbackAnyPort) return false;
  let want: URL;
  let got: URL;
  try {
    want = new URL(registered);
    got = new URL(given);
  } catch {
    return false;
  }
  return (
    want.protocol === 'http:' &&
    got.protocol === 'http:' &&
    LOOPBACK_HOSTS.has(want.hostname) &&
    got.hostname === want.hostname &&
    got.username === '' &&
    got.password === '' &&
    got.pathname === want.pathname &&
    got.search === want.search &&
    got.hash === ''
  );
}
