import { afterEach, expect, it, vi } from 'vitest';
import { ConfigurationError, createTokenClient } from 'gmo-aozora-auth';
import { fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';
import { CLIENT_ID, CLIENT_SECRET, expectNoSecrets } from './harness.js';

/** A client secret has no place in a browser bundle: the client refuses to be created there. */

const options = { baseUrl: 'https://bff.example.com/auth', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };

afterEach(() => {
  vi.unstubAllGlobals();
});

it('where window and document exist, createTokenClient throws a ConfigurationError that says why', () => {
  vi.stubGlobal('window', {});
  vi.stubGlobal('document', {});
  let error: unknown;
  try {
    createTokenClient(options);
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(error).toMatchObject({ code: 'INVALID_CONFIGURATION', option: 'createTokenClient' });
  expect((error as Error).message).toMatch(/browser.*client secret.*dangerouslyAllowBrowser: true/s);
  expectNoSecrets(error);
});

it('dangerouslyAllowBrowser: true lets it be created there, and it works', async () => {
  vi.stubGlobal('window', {});
  vi.stubGlobal('document', {});
  const bank = fakeTokenEndpoint(jsonResponse({ access_token: 'access-1', token_type: 'Bearer' }));
  const client = createTokenClient({ ...options, fetch: bank.fetch, dangerouslyAllowBrowser: true });
  expect(await client.refresh({ refreshToken: 'refresh-1' })).toMatchObject({ tokens: { access_token: 'access-1' } });
  expect(bank.seen).toHaveLength(1);
});

it.each([
  ['window alone (Deno 1.x, some test shims)', 'window'],
  ['document alone', 'document'],
])('%s is not a browser: the client is created', (_what, global) => {
  vi.stubGlobal(global, {});
  expect(createTokenClient(options).config.clientId).toBe(CLIENT_ID);
});

it('dangerouslyAllowBrowser must be exactly true: a truthy string does not opt in', () => {
  vi.stubGlobal('window', {});
  vi.stubGlobal('document', {});
  expect(() => createTokenClient({ ...options, dangerouslyAllowBrowser: 'yes' as unknown as boolean })).toThrow(ConfigurationError);
});
