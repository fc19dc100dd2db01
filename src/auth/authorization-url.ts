import type { operations } from '../generated/auth-api.js';
import type { KnownScope } from '../generated/spec-values.js';
import { InvalidInputError } from './errors.js';
import type { NonceHooks } from './nonce.js';
import { randomToken } from '../shared/random.js';
import { checkObject, checkRedirectUri, checkString } from './validate.js';

/** The `/authorization` query, typed from the spec's `authorize` operation. */
type AuthorizationQuery = operations['authorize']['parameters']['query'];

export type { KnownScope };

/**
 * One scope: a {@link KnownScope}, offered as a completion, or any other string, because the
 * bank may add scopes (`string & {}` keeps the literals from collapsing into `string`).
 */
export type Scope = KnownScope | (string & {});

/** Input of {@link TokenClient.authorizationUrl}. */
export interface AuthorizationUrlInput {
  /** The registered redirect URI; send the same one to `exchangeCode`. */
  redirectUri: string;
  /** Scopes, space-separated or as a list. Include `openid` for an id_token, `offline_access` for a refresh token. */
  scope: Scope | readonly Scope[];
  /** Your own state; default a fresh 256-bit random value. */
  state?: string | undefined;
}

/** Result of {@link TokenClient.authorizationUrl}. */
export interface AuthorizationRequest {
  /** Where to redirect the browser. */
  url: string;
  /** Keep it in the user's session and pass it to `parseCallback`. */
  state: string;
  /** The nonce saved through the hooks, when the scope includes `openid`. */
  nonce?: string;
}

/** A scope token: printable ASCII without space, `"` or `\` (RFC 6749 §3.3). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Normalizes scopes given as a space-separated string or a list, checking each token. */
function normalizeScope(field: string, scope: unknown): string[] {
  const tokens = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : Array.isArray(scope) ? scope : undefined;
  if (!tokens) throw new InvalidInputError(field, 'must be a space-separated string or an array of scopes');
  if (tokens.length === 0) throw new InvalidInputError(field, 'must name at least one scope');
  for (const token of tokens) {
    if (typeof token !== 'string' || !SCOPE_TOKEN.test(token)) {
      throw new InvalidInputError(field, 'contains a scope that is empty or has characters RFC 6749 §3.3 does not allow');
    }
  }
  const unique = [...new Set(tokens as string[])];
  checkString(field, unique.join(' '), 'Scope');
  return unique;
}

/** Builds the authorization request URL (RFC 6749 §4.1.1, OpenID Connect Core 1.0 §3.1.2.1). */
function buildAuthorizationUrl(baseUrl: string, query: AuthorizationQuery): string {
  const url = new URL(`${baseUrl}/authorization`);
  for (const [name, value] of Object.entries(query)) {
    // Stryker disable next-line ConditionalExpression: equivalent — authorizationUrl spreads the nonce in only when there is one, so no value is undefined; kept for the type's optional fields.
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.href;
}

/**
 * Checks `authorizationUrl`'s input and builds the request: a fresh state unless one is given,
 * and for `openid` a fresh nonce, saved through the hooks before the URL is returned.
 */
export async function authorizationRequest(
  input: AuthorizationUrlInput,
  client: { readonly baseUrl: string; readonly clientId: string; readonly nonce: NonceHooks },
): Promise<AuthorizationRequest> {
  const args = checkObject('authorizationUrl input', input);
  const redirectUri = checkRedirectUri('redirectUri', args.redirectUri);
  const scopes = normalizeScope('scope', args.scope);
  const state = args.state === undefined ? randomToken() : checkString('state', args.state, 'State');
  const nonce = scopes.includes('openid') ? randomToken() : undefined;
  if (nonce) await client.nonce.save(nonce);
  const url = buildAuthorizationUrl(client.baseUrl, {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: redirectUri,
    scope: scopes.join(' '),
    state,
    ...(nonce ? { nonce } : {}),
  });
  return nonce ? { url, state, nonce } : { url, state };
}
