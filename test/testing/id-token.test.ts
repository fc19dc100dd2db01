import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenClient, IdTokenError, type IdTokenCheck } from 'gmo-aozora-auth';
import { approveAuthorization, createMockBank, MOCK_CLIENT, type IdTokenTamper, type MockBank } from 'gmo-aozora-auth/testing';
import { FULL_SCOPE, login, REDIRECT_URI, STAGING, token } from './helpers.js';

const key = new TextEncoder().encode(MOCK_CLIENT.clientSecret);

describe('id_token', () => {
  it('is HS256-signed with the client secret and carries iss, sub, aud, azp, iat, exp and the nonce', async () => {
    const bank = createMockBank();
    const { id_token } = await login(bank, MOCK_CLIENT, { nonce: 'the-nonce' });
    expect(decodeProtectedHeader(id_token!)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(id_token!, key, { algorithms: ['HS256'], issuer: 'https://stg-api.gmo-aozora.com', audience: MOCK_CLIENT.clientId });
    expect(payload).toMatchObject({ sub: 'mock-user-0001', azp: MOCK_CLIENT.clientId, nonce: 'the-nonce' });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.auth_time).toBeTypeOf('number');
  });

  it.each([
    ['https://api.gmo-aozora.com/ganb/api/auth/v1', 'https://api.gmo-aozora.com'],
    ['http://127.0.0.1:8123/ganb/api/auth/v1', 'http://127.0.0.1:8123'],
  ])('takes iss from the origin of the request URL (%s)', async (base, issuer) => {
    const bank = createMockBank();
    const code = new URL(
      await approveAuthorization(
        `${base}/authorization?response_type=code&client_id=${MOCK_CLIENT.clientId}&redirect_uri=${REDIRECT_URI}&scope=openid&state=s`,
        { bank },
      ),
    ).searchParams.get('code')!;
    const response = await token(bank, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }, MOCK_CLIENT, { base });
    expect((await jwtVerify(response.body.id_token as string, key)).payload.iss).toBe(issuer);
  });

  it('uses the issuer and subject options when given', async () => {
    const bank = createMockBank({ issuer: 'https://issuer.example', subject: 'user-42' });
    const { payload } = await jwtVerify((await login(bank)).id_token!, key);
    expect(payload).toMatchObject({ iss: 'https://issuer.example', sub: 'user-42' });
  });

  it('comes fresh on refresh, without a nonce (OpenID Connect Core 1.0 §12.2), unless idTokenOnRefresh is off', async () => {
    const bank = createMockBank();
    const renewed = await token(bank, { grant_type: 'refresh_token', refresh_token: (await login(bank)).refresh_token! });
    const { payload } = await jwtVerify(renewed.body.id_token as string, key);
    expect(payload.nonce).toBeUndefined();
    expect(payload.aud).toBe(MOCK_CLIENT.clientId);

    const quiet = createMockBank({ idTokenOnRefresh: false });
    const again = await token(quiet, { grant_type: 'refresh_token', refresh_token: (await login(quiet)).refresh_token! });
    expect(again.body).not.toHaveProperty('id_token');
  });
});

/** The public client, talking to the bank's handler directly through its fetch option. */
function clientFor(bank: MockBank) {
  return createTokenClient({
    environment: 'staging',
    clientId: MOCK_CLIENT.clientId,
    clientSecret: MOCK_CLIENT.clientSecret,
    fetch: (input, init) => bank.handle(new Request(input, init)),
  });
}

async function exchangeWith(bank: MockBank) {
  const auth = clientFor(bank);
  const { url, state } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: FULL_SCOPE });
  const { code } = auth.parseCallback(await approveAuthorization(url, { bank }), { expectedState: state });
  return auth.exchangeCode({ code, redirectUri: REDIRECT_URI });
}

describe('id-token fault: each tampering trips the client check it targets', () => {
  it('passes every check when untouched', async () => {
    const tokens = await exchangeWith(createMockBank());
    expect(tokens.idTokenClaims?.iss).toBe('https://stg-api.gmo-aozora.com');
  });

  it.each<[IdTokenTamper, IdTokenCheck]>([
    ['wrong-nonce', 'nonce'],
    ['wrong-aud', 'aud'],
    ['wrong-azp', 'azp'],
    ['wrong-iss', 'iss'],
    ['expired', 'exp'],
    ['stale-iat', 'iat'],
    ['bad-signature', 'signature'],
    ['missing', 'missing'],
  ])('%s → IdTokenError(%s)', async (tamper, check) => {
    const bank = createMockBank();
    bank.inject({ type: 'id-token', tamper });
    const failure = await exchangeWith(bank).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IdTokenError);
    expect((failure as IdTokenError).check).toBe(check);
    // Used up: the next login is clean.
    await expect(exchangeWith(bank)).resolves.toHaveProperty('idTokenClaims');
  });

  it(`signs 'expired' tokens with a recent iat, so only exp fails`, async () => {
    const bank = createMockBank();
    bank.inject({ type: 'id-token', tamper: 'expired' });
    const claims = decodeJwt((await login(bank)).id_token!);
    const now = Math.floor(Date.now() / 1000);
    expect(claims.exp).toBeLessThan(now - 60);
    expect(now - claims.iat!).toBeLessThan(600);
    await expect(jwtVerify((await login(bank)).id_token!, key)).resolves.toBeDefined();
  });
});

it('logs the authorization and token requests of a login, in order', async () => {
  const bank = createMockBank();
  await login(bank);
  expect(bank.requests.map((r) => [r.method, r.path])).toEqual([
    ['GET', new URL(`${STAGING}/authorization`).pathname],
    ['POST', new URL(`${STAGING}/token`).pathname],
  ]);
});
