import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, createTokenClient, InvalidInputError, InvalidResponseError, type TokenClientOptions } from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET } from './fixtures.js';
import { fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

/**
 * Inputs and answers an adversarial review found accepted: a token type the client does not
 * understand, a base URL carrying a password, and redirect URIs the error text already said
 * were refused.
 */

const options: TokenClientOptions = { environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: false };

describe('token_type (RFC 6749 §7.1: a client must not use a token type it does not understand)', () => {
  const answering = (tokenType: string) =>
    createTokenClient({ ...options, fetch: fakeTokenEndpoint(jsonResponse({ access_token: 'a', token_type: tokenType })).fetch });

  it.each(['mac', 'N_A', 'DPoP', 'Bearer2', ' Bearer'])('refuses %j as InvalidResponseError', async (tokenType) => {
    const error = await answering(tokenType)
      .refresh({ refreshToken: 'r' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ reason: 'schema_mismatch', status: 200 });
    expect((error as Error).message).toMatch(/token_type .* is not Bearer/);
  });

  it.each(['Bearer', 'bearer', 'BEARER'])('accepts %j, compared case-insensitively', async (tokenType) => {
    await expect(answering(tokenType).refresh({ refreshToken: 'r' })).resolves.toMatchObject({ tokens: { access_token: 'a', token_type: tokenType } });
  });
});

describe('a baseUrl with credentials in it', () => {
  it.each(['https://user:hunter2secret@stg-api.gmo-aozora.com/ganb/api/auth/v1', 'https://user@stg-api.gmo-aozora.com/ganb/api/auth/v1'])(
    'is refused at creation, without repeating the password (%s)',
    (baseUrl) => {
      let error: unknown;
      try {
        createTokenClient({ ...options, environment: undefined, baseUrl });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({ option: 'baseUrl' });
      for (const view of [(error as Error).message, inspect(error), JSON.stringify(error)]) expect(view).not.toContain('hunter2secret');
    },
  );
});

describe('redirect URIs: https, or http on a loopback address, and no control characters', () => {
  const client = () => createTokenClient({ ...options, fetch: fakeTokenEndpoint(jsonResponse({ access_token: 'a', token_type: 'Bearer' })).fetch });

  it.each([
    ['plain http to another host', 'http://bff.example.com/callback'],
    ['plain http to a host that only starts like loopback', 'http://127.0.0.1.example.com/callback'],
    ['plain http to a host that only ends like loopback', 'http://evil-localhost/callback'],
    ['a tab', 'https://bff.example.com/call\tback'],
    ['a CR', 'https://bff.example.com/callback\r'],
    ['an LF', 'https://bff.example.com/\ncallback'],
  ])('refuses %s, in authorizationUrl and exchangeCode, before sending anything', async (_what, redirectUri) => {
    await expect(client().authorizationUrl({ redirectUri, scope: 'private:account' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'redirectUri' });
    const error = await client()
      .exchangeCode({ code: 'c', redirectUri })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'redirectUri' });
  });

  it.each([
    'https://bff.example.com/callback',
    'http://127.0.0.1:8765/callback',
    'http://127.10.200.1:8765/callback',
    'http://localhost:3000/callback',
    'http://[::1]:8080/callback',
  ])('accepts %s', async (redirectUri) => {
    await expect(client().authorizationUrl({ redirectUri, scope: 'private:account' })).resolves.toHaveProperty('url');
  });
});

describe('a fetch refused before connecting', () => {
  it('names its cause in the message, as ECONNREFUSED does, and counts as never connected', async () => {
    // 6000 (X11) is on the Fetch Standard's list of ports fetch refuses to use: it fails with
    // "bad port" before any connection, and undici gives that error no code.
    const client = createTokenClient({ ...options, environment: undefined, baseUrl: 'http://127.0.0.1:6000/auth/v1' });
    const error = await client.exchangeCode({ code: 'c', redirectUri: 'https://bff.example.com/cb' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', phase: 'connect' });
    expect((error as Error).message).toMatch(/could not connect to the token endpoint: TypeError BAD_PORT/);
  });
});
