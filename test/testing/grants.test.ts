import { describe, expect, it } from 'vitest';
import { createMockBank, MOCK_CLIENT, MOCK_POST_CLIENT } from 'gmo-aozora-auth/testing';
import { bankWithClock, FULL_SCOPE, issueCode, login, REDIRECT_URI, token } from './helpers.js';

const codeForm = (code: string, redirectUri = REDIRECT_URI) => ({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });

describe('POST /token, grant_type=authorization_code', () => {
  it('answers 200 JSON with no-store and the spec’s TokenResponse fields', async () => {
    const bank = createMockBank();
    const httpResponse = await token(bank, codeForm(await issueCode(bank)));
    expect(httpResponse.status).toBe(200);
    expect(httpResponse.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(httpResponse.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(httpResponse.body)).toEqual(['access_token', 'refresh_token', 'scope', 'token_type', 'expires_in', 'id_token']);
    expect(httpResponse.body).toMatchObject({ scope: FULL_SCOPE, token_type: 'Bearer', expires_in: 2592000 });
    expect(bank.tokenInfo(httpResponse.body.access_token as string)).toMatchObject({
      kind: 'access',
      active: true,
      clientId: MOCK_CLIENT.clientId,
      scope: FULL_SCOPE,
    });
  });

  it('issues a refresh token only when offline_access (either spelling) was granted, and an id_token only for openid', async () => {
    const bank = createMockBank();
    expect(Object.keys(await login(bank, MOCK_CLIENT, { scope: 'private:account' }))).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
    expect(await login(bank, MOCK_CLIENT, { scope: 'private:account private:offline_access' })).toHaveProperty('refresh_token');
    const openid = await login(bank, MOCK_CLIENT, { scope: 'openid' });
    expect(openid).toHaveProperty('id_token');
    expect(openid).not.toHaveProperty('refresh_token');
  });

  it('can send expires_in as a digit string, as the bank’s Java documentation shows', async () => {
    const bank = createMockBank({ expiresInAsString: true, accessTokenTtlSec: 600 });
    expect((await login(bank)).expires_in).toBe('600');
  });

  it('refuses a second use of a code and revokes the tokens the first use issued (RFC 6749 §4.1.2)', async () => {
    const bank = createMockBank();
    const code = await issueCode(bank);
    const first = await token(bank, codeForm(code));
    const replay = await token(bank, codeForm(code));
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect(bank.tokenInfo(first.body.access_token as string)?.active).toBe(false);
    expect(bank.tokenInfo(first.body.refresh_token as string)?.active).toBe(false);
    expect((await token(bank, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string })).body.error).toBe('invalid_grant');
  });

  it('refuses a redirect_uri other than the one sent to /authorization, even a loopback one on another port', async () => {
    // Even where the registration lets loopback ports vary, the exchange must repeat the exact URI.
    const bank = createMockBank({ loopbackRedirectAnyPort: true });
    const code = await issueCode(bank, MOCK_CLIENT, { redirect_uri: 'http://127.0.0.1:5000/callback' });
    const httpResponse = await token(bank, codeForm(code, 'http://127.0.0.1:5001/callback'));
    expect(httpResponse).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'redirect_uri does not match the one sent to /authorization' },
    });
    // A failed attempt does not spend the code.
    expect((await token(bank, codeForm(code, 'http://127.0.0.1:5000/callback'))).status).toBe(200);
  });

  it('refuses a code issued to another client', async () => {
    const bank = createMockBank();
    const code = await issueCode(bank, MOCK_CLIENT);
    expect((await token(bank, codeForm(code), MOCK_POST_CLIENT)).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the authorization code was issued to another client',
    });
  });

  it('refuses an unknown code and an expired one', async () => {
    const { bank, advance } = bankWithClock({ codeTtlSec: 30 });
    expect((await token(bank, codeForm('never-issued'))).body.error).toBe('invalid_grant');
    const code = await issueCode(bank);
    advance(30);
    expect((await token(bank, codeForm(code))).body).toMatchObject({ error: 'invalid_grant', error_description: 'the authorization code has expired' });
  });

  it.each([
    ['no code', { grant_type: 'authorization_code', redirect_uri: REDIRECT_URI }, 'code is required'],
    ['no redirect_uri', { grant_type: 'authorization_code', code: 'c' }, 'redirect_uri is required'],
    ['a code over 128 characters', { grant_type: 'authorization_code', code: 'c'.repeat(129), redirect_uri: REDIRECT_URI }, 'code must be 1 to 128 characters'],
    [
      'a redirect_uri over 256 characters',
      { grant_type: 'authorization_code', code: 'c', redirect_uri: `${REDIRECT_URI}${'x'.repeat(240)}` },
      'redirect_uri must be 1 to 256 characters',
    ],
    ['no refresh_token', { grant_type: 'refresh_token' }, 'refresh_token is required'],
    ['a refresh_token over 128 characters', { grant_type: 'refresh_token', refresh_token: 'r'.repeat(129) }, 'refresh_token must be 1 to 128 characters'],
    ['no grant_type', { code: 'c' }, 'grant_type is required'],
  ])('answers 400 invalid_request for %s', async (_, form, description) => {
    expect(await token(createMockBank(), form)).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: description } });
  });

  it.each(['client_credentials', 'password', 'urn:ietf:params:oauth:grant-type:jwt-bearer'])('answers unsupported_grant_type for %s', async (grantType) => {
    expect(await token(createMockBank(), { grant_type: grantType })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it.each([
    ['JSON', 'application/json'],
    ['multipart', 'multipart/form-data; boundary=x'],
  ])('answers invalid_request for a %s body (RFC 6749 §4.1.3 requires form encoding)', async (_, contentType) => {
    const bank = createMockBank();
    const httpResponse = await token(bank, codeForm(await issueCode(bank)), MOCK_CLIENT, { contentType });
    expect(httpResponse).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('accepts a charset parameter on the form content type', async () => {
    const bank = createMockBank();
    expect((await token(bank, codeForm(await issueCode(bank)), MOCK_CLIENT, { contentType: 'application/x-www-form-urlencoded;charset=UTF-8' })).status).toBe(
      200,
    );
  });

  it('refuses repeated parameters (RFC 6749 §3.2) and ignores unknown ones', async () => {
    const bank = createMockBank();
    const code = await issueCode(bank);
    const repeated = await bank.handle(
      new Request('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `grant_type=authorization_code&code=${code}&code=${code}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&client_id=${MOCK_POST_CLIENT.clientId}&client_secret=${MOCK_POST_CLIENT.clientSecret}`,
      }),
    );
    expect(await repeated.json()).toMatchObject({ error: 'invalid_request', error_description: 'parameters sent more than once: code (RFC 6749 §3.2)' });
    expect((await token(bank, { ...codeForm(code), extension: 'ignored' })).status).toBe(200);
  });

  it('only answers POST', async () => {
    const response = await createMockBank().handle(new Request('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/token'));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 404 for paths that are neither endpoint', async () => {
    expect((await createMockBank().handle(new Request('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/userinfo'))).status).toBe(404);
  });
});

describe('POST /token, grant_type=refresh_token', () => {
  const refreshForm = (refreshToken: string) => ({ grant_type: 'refresh_token', refresh_token: refreshToken });

  it('rotates: each refresh returns a new refresh token and the old one stops working', async () => {
    const bank = createMockBank();
    const first = await login(bank);
    const second = await token(bank, refreshForm(first.refresh_token!));
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(bank.tokenInfo(first.refresh_token!)?.active).toBe(false);
    const third = await token(bank, refreshForm(second.body.refresh_token as string));
    expect(third.status).toBe(200);
  });

  it('treats reuse of a rotated refresh token as a leak and revokes the grant (RFC 9700 §4.14.2)', async () => {
    const bank = createMockBank();
    const first = await login(bank);
    const second = await token(bank, refreshForm(first.refresh_token!));
    const replay = await token(bank, refreshForm(first.refresh_token!));
    expect(replay).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'the refresh token has already been used; the grant is revoked' },
    });
    expect((await token(bank, refreshForm(second.body.refresh_token as string))).body.error).toBe('invalid_grant');
    expect(bank.tokenInfo(second.body.access_token as string)?.active).toBe(false);
  });

  it('refuses an expired refresh token', async () => {
    const { bank, advance } = bankWithClock({ refreshTokenTtlSec: 100 });
    const first = await login(bank);
    advance(100);
    expect((await token(bank, refreshForm(first.refresh_token!))).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the refresh token has expired',
    });
  });

  it('refuses an unknown refresh token, an access token, and one issued to another client', async () => {
    const bank = createMockBank();
    const first = await login(bank);
    expect((await token(bank, refreshForm('never-issued'))).body.error).toBe('invalid_grant');
    expect((await token(bank, refreshForm(first.access_token))).body.error).toBe('invalid_grant');
    expect((await token(bank, refreshForm(first.refresh_token!), MOCK_POST_CLIENT)).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the refresh token was issued to another client',
    });
    expect((await token(bank, refreshForm(first.refresh_token!))).status).toBe(200);
  });

  it('keeps the granted scope', async () => {
    const bank = createMockBank();
    const first = await login(bank, MOCK_CLIENT, { scope: 'private:transfer offline_access' });
    expect((await token(bank, refreshForm(first.refresh_token!))).body.scope).toBe('private:transfer offline_access');
  });
});
