/**
 * Client authentication at the token endpoint (RFC 6749 §2.3). Exactly one method is used per
 * request: the bank's own Node SDK sends both on refresh, which §2.3 forbids.
 */

/** How the client authenticates, as registered with the bank in advance. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** What a request carries to authenticate the client. */
export interface ClientAuthentication {
  /** Headers to add (`Authorization` for client_secret_basic). */
  readonly headers: Readonly<Record<string, string>>;
  /** Form fields to add (`client_id`, `client_secret` for client_secret_post). */
  readonly body: Readonly<{ client_id?: string; client_secret?: string }>;
}

/** `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B). */
export function formUrlEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/** Base64 of the text's UTF-8 bytes, padded (RFC 4648 §4). */
export function utf8Base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The `Authorization` header value for client_secret_basic (RFC 6749 §2.3.1): the id and the
 * secret are each form-urlencoded, joined with `:` and base64-encoded.
 *
 * @example basicAuthorization('s6BhdRkqt3', 'gX1fBat3bV') === 'Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW'
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${utf8Base64(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`)}`;
}

/** The header or body fields for `method`; never both. */
export function clientAuthentication(method: ClientAuthMethod, clientId: string, clientSecret: string): ClientAuthentication {
  return method === 'client_secret_basic'
    ? { headers: { Authorization: basicAuthorization(clientId, clientSecret) }, body: {} }
    : { headers: {}, body: { client_id: clientId, client_secret: clientSecret } };
}

/**
 * Every spelling of the client's credentials that a misbehaving server might echo back, for
 * redaction wherever response text reaches an error: the secret, and the Basic credentials decoded
 * and encoded, in RFC 6749's spelling (each part form-encoded) and in the raw one the bank's SDKs use.
 */
export function credentialSpellings(clientId: string, clientSecret: string): string[] {
  const basicPairs = [`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`, `${clientId}:${clientSecret}`];
  return [clientSecret, ...basicPairs, ...basicPairs.map(utf8Base64)];
}
