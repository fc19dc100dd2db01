import type { MockClient } from '../clients.js';

/**
 * One authorization: what the user consented to, for which client. Every code and token
 * issued from it points here, so revoking it revokes them all (RFC 6749 §4.1.2: a reused code
 * should revoke the tokens issued from it).
 */
export interface Grant {
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** The OpenID Connect nonce sent to `/authorization`, echoed in the first id_token. */
  readonly nonce: string | undefined;
  /** When the user "authenticated", in seconds (the id_token's `auth_time`). */
  readonly authTime: number;
  revoked: boolean;
}

/** A single-use authorization code, bound to its grant and redirect URI. */
export interface CodeRecord {
  readonly grant: Grant;
  readonly redirectUri: string;
  /** Expiry, in ms since the epoch. */
  readonly expiresAt: number;
  used: boolean;
}

/** An access or refresh token. A refresh token is `rotated` once it has been exchanged. */
export interface TokenRecord {
  readonly kind: 'access' | 'refresh';
  readonly grant: Grant;
  /** Expiry, in ms since the epoch; tests may bring it forward (`expireToken`). */
  expiresAt: number;
  state: 'active' | 'rotated' | 'revoked';
}

/** Everything the mock bank has issued. */
export class GrantStore {
  readonly codes = new Map<string, CodeRecord>();
  readonly tokens = new Map<string, TokenRecord>();

  newGrant(client: MockClient, scopes: readonly string[], nonce: string | undefined, nowMs: number): Grant {
    return { clientId: client.clientId, scopes, nonce, authTime: Math.floor(nowMs / 1000), revoked: false };
  }

  clear(): void {
    this.codes.clear();
    this.tokens.clear();
  }
}
