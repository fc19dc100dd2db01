import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createTokenClient, type ClientAuthMethod } from 'gmo-aozora-auth';
import { schemaLimits } from '../../src/generated/spec-values.js';
import { fakeTokenEndpoint, jsonResponse, type SeenRequest } from '../support/token-endpoint.js';

/**
 * Any valid input, arbitrary Unicode included, goes over the wire so that decoding the form body
 * and the Basic header gives back exactly that input, with exactly one of the two client
 * authentication forms (RFC 6749 §2.3, §2.3.1, §4.1.3, §6). The request is captured by an
 * injected fetch: nothing leaves the process.
 */

const BASE_URL = 'https://bank.invalid/ganb/api/auth/v1';

/** One code point: any Unicode, ASCII, or a character that form encoding or Basic treats specially. */
const codePoint = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
  fc.constantFrom(':', '%', '+', '&', '=', ' ', '/', '#', '?', '\\', '"', '\r', '\n', '\u0000', '€', '𝄞'),
);

/** Any Unicode text (whole code points) within a spec schema's length limits. */
const within = (schema: 'ClientId' | 'ClientSecret' | 'AuthorizationCode' | 'RefreshToken') =>
  fc.string({ unit: codePoint, minLength: schemaLimits[schema].minLength, maxLength: schemaLimits[schema].maxLength });

/**
 * Absolute URIs without a fragment or control characters, ≤ 256 code points, paths in any
 * script: https anywhere, http on loopback addresses only.
 */
const redirectUri = fc
  .oneof(
    fc.webUrl({ withQueryParameters: true }).map((uri) => uri.replace(/^http:/, 'https:')),
    fc
      .tuple(
        fc.constantFrom('https://', 'http://127.0.0.1:8080', 'http://localhost', 'http://[::1]:3000'),
        fc.domain(),
        fc.string({ unit: codePoint, maxLength: 120 }),
      )
      .map(([origin, host, path]) => (origin === 'https://' ? `${origin}${host}/${path}` : `${origin}/${path}`)),
  )
  .filter(
    (uri) =>
      !uri.includes('#') &&
      ![...uri].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f') &&
      [...uri].length <= schemaLimits.RedirectUri.maxLength &&
      URL.canParse(uri),
  );

const grant = fc.oneof(
  fc.record({ grant_type: fc.constant('authorization_code' as const), code: within('AuthorizationCode'), redirect_uri: redirectUri }),
  fc.record({ grant_type: fc.constant('refresh_token' as const), refresh_token: within('RefreshToken') }),
);

const inputs = fc.record({
  clientId: within('ClientId'),
  clientSecret: within('ClientSecret'),
  authMethod: fc.constantFrom<ClientAuthMethod>('client_secret_basic', 'client_secret_post'),
  grant,
});

/** application/x-www-form-urlencoded decoding of one value. */
const formDecode = (value: string) => new URLSearchParams(`v=${value}`).get('v');

/** Reverses `Basic base64(formEncode(id) ":" formEncode(secret))`, strictly. */
function decodeBasic(header: string): [string | null, string | null] {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(header);
  expect(match, header).not.toBeNull();
  const bytes = Buffer.from(match![1]!, 'base64');
  expect(bytes.toString('base64')).toBe(match![1]);
  const joined = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const colon = joined.indexOf(':');
  expect(colon).toBeGreaterThan(0);
  return [formDecode(joined.slice(0, colon)), formDecode(joined.slice(colon + 1))];
}

it('every valid request round-trips through the form body and the Basic header, with one credential form', async () => {
  await fc.assert(
    fc.asyncProperty(inputs, async ({ clientId, clientSecret, authMethod, grant }) => {
      const bank = fakeTokenEndpoint(jsonResponse({ access_token: 'a', token_type: 'Bearer' }));
      const client = createTokenClient({ baseUrl: BASE_URL, clientId, clientSecret, authMethod, retry: false, fetch: bank.fetch });
      await (grant.grant_type === 'authorization_code'
        ? client.exchangeCode({ code: grant.code, redirectUri: grant.redirect_uri })
        : client.refresh({ refreshToken: grant.refresh_token }));

      expect(bank.seen).toHaveLength(1);
      const [{ method, url, contentType, authorization, form }] = bank.seen as [SeenRequest];
      expect(method).toBe('POST');
      expect(url).toBe(`${BASE_URL}/token`);
      expect(contentType).toBe('application/x-www-form-urlencoded');

      const keys = [...form.keys()];
      expect(new Set(keys).size, 'no field is sent twice').toBe(keys.length);
      const credentials = authMethod === 'client_secret_post' ? { client_id: clientId, client_secret: clientSecret } : {};
      expect(Object.fromEntries(form)).toEqual({ ...grant, ...credentials });

      if (authMethod === 'client_secret_basic') {
        expect(decodeBasic(authorization!)).toEqual([clientId, clientSecret]);
        expect(form.has('client_id') || form.has('client_secret'), 'Basic and body credentials together').toBe(false);
      } else {
        expect(authorization).toBeNull();
      }
    }),
    { numRuns: 300 },
  );
});
