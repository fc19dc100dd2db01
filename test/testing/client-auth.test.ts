import { describe, expect, it } from 'vitest';
import { createMockBank, MOCK_CLIENT, MOCK_POST_CLIENT, type MockClient } from 'gmo-aozora-auth/testing';
import { basicHeader, issueCode, REDIRECT_URI, token } from './helpers.js';

const SPECIAL: MockClient = { clientId: 'id with:colon', clientSecret: 'pa%ss+wörd:/', authMethod: 'client_secret_basic', redirectUris: [REDIRECT_URI] };

async function exchange(
  auth: Parameters<typeof token>[2],
  client: MockClient = MOCK_CLIENT,
  bank = createMockBank({ clients: [MOCK_CLIENT, MOCK_POST_CLIENT, SPECIAL] }),
) {
  const code = await issueCode(bank, client);
  return token(bank, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }, auth);
}

function expectInvalidClient(response: Awaited<ReturnType<typeof token>>) {
  expect(response.status).toBe(401);
  expect(response.body.error).toBe('invalid_client');
  expect(response.headers.get('www-authenticate')).toBe('Basic realm="ganb"');
}

describe('client authentication at /token (RFC 6749 §2.3)', () => {
  it('accepts client_secret_basic for a basic client', async () => {
    expect((await exchange(MOCK_CLIENT)).status).toBe(200);
  });

  it('accepts client_secret_post for a post client', async () => {
    expect((await exchange(MOCK_POST_CLIENT, MOCK_POST_CLIENT)).status).toBe(200);
  });

  it('form-urldecodes both halves of the Basic credentials (RFC 6749 §2.3.1)', async () => {
    expect((await exchange(SPECIAL, SPECIAL)).status).toBe(200);
  });

  it('accepts the RFC 6749 worked example header', async () => {
    const rfc: MockClient = { clientId: 's6BhdRkqt3', clientSecret: 'gX1fBat3bV', authMethod: 'client_secret_basic', redirectUris: [REDIRECT_URI] };
    const bank = createMockBank({ clients: [rfc] });
    expect((await exchange({ header: 'Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW' }, rfc, bank)).status).toBe(200);
  });

  it('refuses a header plus body credentials with 400 invalid_request', async () => {
    const header = basicHeader(MOCK_CLIENT.clientId, MOCK_CLIENT.clientSecret);
    const bodies: Record<string, string>[] = [
      { client_id: MOCK_CLIENT.clientId, client_secret: MOCK_CLIENT.clientSecret },
      { client_secret: MOCK_CLIENT.clientSecret },
      { client_id: MOCK_CLIENT.clientId },
    ];
    for (const body of bodies) {
      const response = await exchange({ header, body });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_request');
    }
  });

  it.each([
    ['no credentials at all', 'none' as const],
    ['an unknown client', { header: basicHeader('nobody', MOCK_CLIENT.clientSecret) }],
    ['a wrong secret', { header: basicHeader(MOCK_CLIENT.clientId, `${MOCK_CLIENT.clientSecret}x`) }],
    ['a secret that is a prefix of the right one', { header: basicHeader(MOCK_CLIENT.clientId, MOCK_CLIENT.clientSecret.slice(0, -1)) }],
    ['post credentials for a basic client', { body: { client_id: MOCK_CLIENT.clientId, client_secret: MOCK_CLIENT.clientSecret } }],
    ['a post client_id without its secret', { body: { client_id: MOCK_POST_CLIENT.clientId } }],
    ['a Bearer header', { header: 'Bearer abc' }],
    ['Basic without a colon', { header: `Basic ${btoa('no-colon')}` }],
    ['Basic that is not base64', { header: 'Basic !!!' }],
    ['Basic with a bad percent escape', { header: `Basic ${btoa('%zz:secret')}` }],
  ])('answers 401 invalid_client with a Basic challenge for %s', async (_, auth) => {
    expectInvalidClient(await exchange(auth));
  });

  it('answers 401 invalid_client for Basic credentials of a post client', async () => {
    expectInvalidClient(await exchange({ header: basicHeader(MOCK_POST_CLIENT.clientId, MOCK_POST_CLIENT.clientSecret) }, MOCK_POST_CLIENT));
  });

  it('answers 400 invalid_request for body credentials over the spec limit', async () => {
    const response = await exchange({ body: { client_id: 'a'.repeat(129), client_secret: 'x' } }, MOCK_POST_CLIENT);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
  });

  it('never echoes the presented secret', async () => {
    const response = await exchange({ header: basicHeader(MOCK_CLIENT.clientId, 'a-guessed-secret') });
    expect(JSON.stringify(response.body)).not.toContain('a-guessed-secret');
  });
});
