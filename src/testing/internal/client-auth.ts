import { schemaLimits } from '../../generated/spec-values.js';
import type { MockClient } from '../clients.js';
import { constantTimeEqual } from '../../shared/constant-time.js';
import { specLength } from '../../shared/spec-length.js';
import { tokenError } from './wire.js';

/** The outcome of client authentication: the client, or the error response to send. */
export type ClientAuthResult = { client: MockClient } | { refusal: Response };

const refuse = (description: string): ClientAuthResult => ({ refusal: tokenError('invalid_client', description) });
const malformed = (description: string): ClientAuthResult => ({ refusal: tokenError('invalid_request', description) });

/** Decodes one half of Basic credentials: form-urldecoding (RFC 6749 §2.3.1, Appendix B). */
function formDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Reads `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))`, or undefined when malformed. */
function decodeBasic(header: string): { id: string; secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (!match) return undefined;
  let decoded: string;
  try {
    const binary = atob(match[1]!);
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id === undefined || secret === undefined ? undefined : { id, secret };
}

/**
 * Authenticates the client of a token request with exactly one method (RFC 6749 §2.3): the
 * Basic header (`client_secret_basic`) or `client_id` + `client_secret` in the body
 * (`client_secret_post`). A header together with body credentials is a malformed request
 * (400 `invalid_request`); no credentials, an unknown client, a wrong secret, or a method other
 * than the registered one is 401 `invalid_client`. Descriptions never echo what was sent.
 */
export function authenticateClient(header: string | null, form: Readonly<Record<string, string>>, clients: ReadonlyMap<string, MockClient>): ClientAuthResult {
  const bodyId = form.client_id;
  const bodySecret = form.client_secret;
  let presented: { id: string; secret: string; method: MockClient['authMethod'] };

  if (header !== null) {
    if (bodyId !== undefined || bodySecret !== undefined) {
      return malformed(
        'the request uses more than one client authentication method: an Authorization header and client credentials in the body (RFC 6749 §2.3)',
      );
    }
    const basic = decodeBasic(header);
    if (!basic) return refuse('the Authorization header is not well-formed Basic credentials (RFC 6749 §2.3.1)');
    presented = { ...basic, method: 'client_secret_basic' };
  } else if (bodyId !== undefined || bodySecret !== undefined) {
    for (const [name, value, limits] of [
      ['client_id', bodyId, schemaLimits.ClientId],
      ['client_secret', bodySecret, schemaLimits.ClientSecret],
    ] as const) {
      if (value !== undefined && specLength(value) > limits.maxLength) return malformed(`${name} is longer than ${limits.maxLength} characters`);
    }
    if (!bodyId || !bodySecret) return refuse('client_secret_post needs both client_id and client_secret in the body');
    presented = { id: bodyId, secret: bodySecret, method: 'client_secret_post' };
  } else {
    return refuse('no client authentication: send an Authorization: Basic header or client_id and client_secret in the body');
  }

  const client = clients.get(presented.id);
  // Compare against a dummy secret for unknown clients too, so timing does not reveal which ids exist.
  const secretOk = constantTimeEqual(presented.secret, client?.clientSecret ?? 'unknown-client-dummy-secret');
  if (!client || !secretOk) return refuse('client authentication failed: unknown client or wrong secret');
  if (client.authMethod !== presented.method) {
    return refuse(`this client is registered for ${client.authMethod}, but the request used ${presented.method}`);
  }
  return { client };
}
