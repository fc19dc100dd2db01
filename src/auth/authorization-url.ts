import type { operations } from '../generated/auth-api.js';
import type { KnownScope } from '../generated/spec-values.js';
import { InvalidInputError } from './errors.js';
import { checkString } from './validate.js';

/** The `/authorization` query, typed from the spec's `authorize` operation. */
export type AuthorizationQuery = operations['authorize']['parameters']['query'];

export type { KnownScope };

/**
 * One scope: a {@link KnownScope}, offered as a completion, or any other string, because the
 * bank may add scopes (`string & {}` keeps the literals from collapsing into `string`).
 */
export type Scope = KnownScope | (string & {});

/** A scope token: printable ASCII without space, `"` or `\` (RFC 6749 §3.3). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Normalizes scopes given as a space-separated string or a list, checking each token. */
export function normalizeScope(field: string, scope: unknown): string[] {
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
export function buildAuthorizationUrl(baseUrl: string, query: AuthorizationQuery): string {
  const url = new URL(`${baseUrl}/authorization`);
  for (const [name, value] of Object.entries(query)) {
    // Stryker disable next-line ConditionalExpression: equivalent — authorizationUrl spreads the nonce in only when there is one, so no value is undefined; kept for the type's optional fields.
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.href;
}
