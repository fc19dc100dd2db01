// An id_token whose protected header is not a JWS header the client can check is refused as
// malformed, never with a raw TypeError and never as a question of its algorithm; a JWE-shaped
// token (five segments) names its algorithm, which is not HS256.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenClient, IdTokenError } from 'gmo-aozora-auth';
import { fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

const segment = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const CLAIMS = segment({ iss: 'https://stg-api.gmo-aozora.com', sub: 'user-1', aud: 'client-id-0001' });

async function refusalOf(idToken: string): Promise<IdTokenError> {
  const bank = fakeTokenEndpoint(jsonResponse({ access_token: 'access-token-0002', token_type: 'Bearer', id_token: idToken }));
  const auth = createTokenClient({ environment: 'staging', clientId: 'client-id-0001', clientSecret: 'client-secret-0001', fetch: bank.fetch });
  const error = await auth.refresh({ refreshToken: 'refresh-token-0001' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IdTokenError);
  return error as IdTokenError;
}

describe('the protected header', () => {
  it.each([
    ['JSON null', segment('null')],
    ['a JSON list', segment([])],
    ['a JSON string', segment('"HS256"')],
  ])('that is %s is malformed', async (_, header) => {
    expect(await refusalOf(`${header}.${CLAIMS}.c2ln`)).toMatchObject({ check: 'malformed' });
  });

  it('that is not JSON is malformed, with the parse error as cause', async () => {
    const error = await refusalOf(`${segment('{alg')}.${CLAIMS}.c2ln`);
    expect(error).toMatchObject({ check: 'malformed' });
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('that is not UTF-8 is malformed, even when the rest would parse', async () => {
    const header = Buffer.concat([Buffer.from('{"alg":"none","x":"'), Buffer.from([0xff]), Buffer.from('"}')]).toString('base64url');
    expect(await refusalOf(`${header}.${CLAIMS}.c2ln`)).toMatchObject({ check: 'malformed' });
  });

  it('on four segments is malformed, whatever its algorithm', async () => {
    expect(await refusalOf(`${segment({ alg: 'none' })}.${CLAIMS}.c2ln.c2ln`)).toMatchObject({ check: 'malformed' });
  });

  it('of an unsigned JWT (alg none) names its algorithm before any signature is checked', async () => {
    const error = await refusalOf(`${segment({ alg: 'none' })}.${CLAIMS}.`);
    expect(error).toMatchObject({ check: 'alg' });
    expect(error.message).toContain('the algorithm "none" is not allowed; only HS256 is');
  });

  it('on five segments (an encrypted JWT) names its algorithm', async () => {
    const error = await refusalOf(`${segment({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a2V5.aXY.Y2lwaGVy.dGFn`);
    expect(error).toMatchObject({ check: 'alg' });
    expect(error.message).toContain('the algorithm "RSA-OAEP" is not allowed; only HS256 is');
  });
});

describe('the claims', () => {
  it('an empty sub is refused, citing the rule', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ iss: 'https://stg-api.gmo-aozora.com', aud: 'client-id-0001', sub: '', iat: now, exp: now + 300 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('client-secret-0001'));
    const error = await refusalOf(token);
    expect(error).toMatchObject({ check: 'sub' });
    expect(error.message).toContain('sub is missing or not a non-empty string (OpenID Connect Core 1.0 §2)');
  });
});
