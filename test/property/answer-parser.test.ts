import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createTokenClient, GanbAuthError, IdTokenError, InvalidResponseError, OAuthError, type TokenResult } from 'gmo-aozora-auth';
import { schemaEnums } from '../../src/generated/spec-values.js';
import { httpResponse, fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

/**
 * Any answer — any bytes, any status, any content type — yields either tokens that are exactly
 * what a spec-valid TokenResponse said, or a typed GanbAuthError that tells the truth about the
 * response: never another exception, never a wrong success, never "the network failed" for an
 * answer that arrived. Answers come from an injected fetch, so nothing leaves the process.
 */

const MAX_RESPONSE_BYTES = 512;
const NULL_BODY_STATUSES = [204, 205, 304];
const encode = (text: string) => new TextEncoder().encode(text);

const status = fc.oneof(fc.constant(200), fc.constantFrom(204, 304, 400, 401, 429, 503), fc.integer({ min: 200, max: 599 }));

const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json;charset=UTF-8',
      'Application/JSON; charset=utf-8',
      'application/problem+json',
      'text/html; charset=utf-8',
      'text/plain',
      'application/jsonx',
      'json',
    ),
    fc.stringMatching(/^[a-z]{1,11}\/[a-z0-9.+-]{1,20}(; ?charset=[A-Za-z0-9_-]{1,10})?$/),
  ),
  { nil: undefined },
);

/** Values a token field might hold, right or wrong. */
const fieldValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', 'Bearer', '3600', '-1', '1e3', '0x10', ' 60', '9'.repeat(16)),
  fc.stringMatching(/^[0-9]{1,15}$/),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e21, Number.MAX_SAFE_INTEGER + 1, -0),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);

/** Objects shaped like a TokenResponse, often valid, often almost. */
const tokenLike = fc.record(
  {
    access_token: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fieldValue),
    token_type: fc.oneof(fc.constant('Bearer'), fieldValue),
    refresh_token: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fieldValue),
    scope: fc.oneof(fc.constantFrom('private:account', 'openid private:account', 'offline_access'), fieldValue),
    expires_in: fc.oneof(fc.nat(), fc.stringMatching(/^[0-9]{1,15}$/), fieldValue),
    id_token: fc.oneof(fc.constant('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'), fieldValue),
    idTokenClaims: fc.constant({ iss: 'forged', sub: 'admin' }),
    error: fc.oneof(fc.constantFrom(...schemaEnums.OAuthErrorCode), fieldValue),
    error_description: fieldValue,
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => encode(JSON.stringify(value) ?? '')),
  tokenLike.map((value) => encode(JSON.stringify(value))),
  tokenLike.map((value) => encode(JSON.stringify(value))),
  // Truncated, possibly inside a multi-byte character.
  tokenLike.chain((value) => {
    const bytes = encode(JSON.stringify({ ...value, scope: '口座 照会' }));
    return fc.nat({ max: bytes.length }).map((end) => bytes.subarray(0, end));
  }),
);

/** Spec-valid TokenResponses, sometimes with one field spoiled. */
const nearlyValid = fc
  .tuple(
    fc.record(
      {
        access_token: fc.string({ minLength: 1, maxLength: 40 }),
        token_type: fc.constantFrom('Bearer', 'bearer', 'mac'),
        refresh_token: fc.string({ minLength: 1, maxLength: 40 }),
        scope: fc.constantFrom('private:account', 'private:account offline_access', 'openid private:account', ''),
        expires_in: fc.oneof(fc.nat(), fc.stringMatching(/^[0-9]{1,15}$/)),
        unlisted: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: ['access_token', 'token_type'] },
    ),
    fc.option(fc.tuple(fc.constantFrom('access_token', 'token_type', 'refresh_token', 'scope', 'expires_in', 'id_token', 'idTokenClaims'), fieldValue), {
      nil: undefined,
    }),
  )
  .map(([tokens, spoil]) => encode(JSON.stringify(spoil ? { ...tokens, [spoil[0]]: spoil[1] } : tokens)));

const call = fc.constantFrom('exchangeCode' as const, 'refresh' as const);
const responses = fc.oneof(
  fc.record({ status, contentType, body, call }),
  fc.record({ status: fc.constant(200), contentType: fc.constantFrom('application/json;charset=UTF-8', 'application/json'), body: nearlyValid, call }),
);

const isJsonType = (type: string | undefined) => {
  const essence = type?.split(';')[0]?.trim().toLowerCase();
  return essence === 'application/json' || /^application\/[\w.+-]+\+json$/.test(essence ?? '');
};
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body as JSON, when it is valid UTF-8 JSON under a JSON content type; else undefined. */
function jsonBody(type: string | undefined, bytes: Uint8Array): unknown {
  if (!isJsonType(type) || bytes.length > MAX_RESPONSE_BYTES) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** The spec's TokenResponse (openapi/auth-v1.yaml), written from the spec, not from the parser. */
function specTokenResponse(value: unknown): Record<string, unknown> | undefined {
  if (!isObject(value)) return undefined;
  const { access_token, token_type, refresh_token, scope, id_token, expires_in } = value;
  const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
  const ok =
    typeof access_token === 'string' &&
    access_token.length >= 1 &&
    typeof token_type === 'string' &&
    (refresh_token === undefined || (typeof refresh_token === 'string' && refresh_token.length >= 1)) &&
    optionalString(scope) &&
    optionalString(id_token) &&
    (expires_in === undefined ||
      (typeof expires_in === 'number' && Number.isInteger(expires_in) && expires_in >= 0) ||
      (typeof expires_in === 'string' && /^[0-9]{1,15}$/.test(expires_in)));
  return ok ? value : undefined;
}

it('any answer yields spec-true tokens or a typed error that matches the answer', async () => {
  await fc.assert(
    fc.asyncProperty(responses, async ({ status, contentType, body, call }) => {
      const headers = contentType === undefined ? undefined : { 'Content-Type': contentType };
      const client = createTokenClient({
        baseUrl: 'https://bank.invalid/ganb/api/auth/v1',
        clientId: 's6BhdRkqt3',
        clientSecret: 'gX1fBat3bV',
        retry: false,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        fetch: fakeTokenEndpoint(httpResponse(status, NULL_BODY_STATUSES.includes(status) ? null : body, headers)).fetch,
      });
      const outcome = await (call === 'exchangeCode'
        ? client.exchangeCode({ code: 'code-1', redirectUri: 'https://bff.example.com/cb' })
        : client.refresh({ refreshToken: 'refresh-1' })
      ).then(
        (result: TokenResult) => ({ result }),
        (error: unknown) => ({ error }),
      );
      const parsed = jsonBody(contentType, body);
      const valid = status === 200 ? specTokenResponse(parsed) : undefined;

      if ('result' in outcome) {
        // Never a wrong success: only a spec-valid TokenResponse, handed over as it said.
        expect(valid, 'success for an answer the spec does not allow').toBeDefined();
        const { tokens, idTokenClaims } = outcome.result;
        expect(tokens.access_token).toBe(valid!.access_token);
        expect(tokens.token_type).toBe(valid!.token_type);
        expect(tokens.refresh_token).toBe(valid!.refresh_token);
        expect(tokens.scope).toBe(valid!.scope);
        expect(tokens.expires_in).toBe(valid!.expires_in === undefined ? undefined : Number(valid!.expires_in));
        expect(idTokenClaims, 'unverified claims handed out').toBeUndefined();
        return;
      }

      // Never another exception, and never "the network failed" for an answer that arrived.
      const { error } = outcome;
      expect(error).toBeInstanceOf(GanbAuthError);
      expect(
        [OAuthError, InvalidResponseError, IdTokenError].some((type) => error instanceof type),
        String(error),
      ).toBe(true);
      if (error instanceof OAuthError) {
        expect(status).toBeGreaterThanOrEqual(400);
        expect(isObject(parsed) && parsed.error).toBe(error.error);
      }
      if (error instanceof InvalidResponseError) expect(error.status).toBe(status);
      if (error instanceof IdTokenError) expect(valid, 'id_token refused in an answer that was not valid').toBeDefined();

      // Nor a wrong refusal: a valid answer fails only on the documented stricter checks.
      if (valid) {
        const openidWithoutIdToken = call === 'exchangeCode' && typeof valid.scope === 'string' && valid.scope.split(' ').includes('openid');
        // RFC 6749 §7.1: a token type the client does not understand (anything but Bearer) is refused.
        const notBearer = typeof valid.token_type === 'string' && valid.token_type.toLowerCase() !== 'bearer';
        const stricter = notBearer || (typeof valid.expires_in === 'number' && !Number.isSafeInteger(valid.expires_in));
        expect(stricter || valid.id_token !== undefined || openidWithoutIdToken, `refused a valid response: ${String(error)}`).toBe(true);
      }
    }),
    { numRuns: 400 },
  );
});

it('an RFC 6749 error body on an error status is an OAuthError with its code', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(400, 401, 403, 500),
      fc.constantFrom(...schemaEnums.OAuthErrorCode),
      fc.option(fc.string({ maxLength: 100 }), { nil: undefined }),
      async (status, code, description) => {
        const client = createTokenClient({
          baseUrl: 'https://bank.invalid/ganb/api/auth/v1',
          clientId: 's6BhdRkqt3',
          clientSecret: 'gX1fBat3bV',
          fetch: fakeTokenEndpoint(jsonResponse({ error: code, error_description: description }, status)).fetch,
        });
        const error = await client.refresh({ refreshToken: 'refresh-1' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OAuthError);
        expect(error).toMatchObject({ code: 'OAUTH_ERROR', error: code, status });
      },
    ),
    { numRuns: 100 },
  );
});
