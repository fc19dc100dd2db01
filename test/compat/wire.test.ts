import { describe, expect, it } from 'vitest';
import type { GanbAuthMethod, GanbLibOptions } from 'gmo-aozora-auth/compat';
import { basic, CLIENT_ID, CLIENT_SECRET, compatClient, createFakeBank, jsonResponse, REDIRECT_URI, STAGING, TOKENS } from './helpers.js';

// What each GanbLib call puts on the wire: form-encoded, the right grant, and exactly one client
// authentication method — the Authorization header for 'basic', body fields for 'post'.

const BASIC_ONLY = { authorization: basic(CLIENT_ID, CLIENT_SECRET), credentials: [] };
const POST_ONLY = {
  authorization: null,
  credentials: [
    ['client_id', CLIENT_ID],
    ['client_secret', CLIENT_SECRET],
  ],
};

describe('oAuth.getToken', () => {
  it.each<[GanbAuthMethod | undefined, string, Partial<GanbLibOptions>, typeof BASIC_ONLY | typeof POST_ONLY]>([
    ['basic', 'no constructor default', {}, BASIC_ONLY],
    ['post', 'no constructor default', {}, POST_ONLY],
    ['basic', "a constructor default of 'post'", { authMethod: 'post' as const }, BASIC_ONLY],
    ['post', "a constructor default of 'basic'", { authMethod: 'basic' as const }, POST_ONLY],
    [undefined, "a constructor default of 'post'", { authMethod: 'post' as const }, POST_ONLY],
    [undefined, 'no constructor default', {}, BASIC_ONLY],
  ])('with authMethod %s and %s sends one method', async (authMethod, _, options, expected) => {
    const bank = createFakeBank();
    const tokens = await compatClient(bank, options).oAuth.getToken({ code: 'code-1', authMethod, redirect_uri: REDIRECT_URI });
    expect(tokens).toEqual(TOKENS);
    expect(bank.seen).toHaveLength(1);
    const [request] = bank.seen;
    expect(request?.url).toBe(`${STAGING}/token`);
    expect(request?.method).toBe('POST');
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(request?.authorization).toBe(expected.authorization);
    expect(request?.fields).toEqual([['grant_type', 'authorization_code'], ['code', 'code-1'], ['redirect_uri', REDIRECT_URI], ...expected.credentials]);
  });

  it('leaves the caller’s params untouched (the old SDK wrote grant_type and the client secret into them)', async () => {
    const bank = createFakeBank();
    const params = Object.freeze({ code: 'code-1', authMethod: 'post' as const, redirect_uri: REDIRECT_URI });
    await compatClient(bank).oAuth.getToken(params);
    expect(params).toEqual({ code: 'code-1', authMethod: 'post', redirect_uri: REDIRECT_URI });
    expect(bank.seen).toHaveLength(1);
  });

  it('hands back expires_in as a number when the bank sends a digit string', async () => {
    const bank = createFakeBank();
    bank.respondWith(() => jsonResponse({ ...TOKENS, expires_in: '2592000' }));
    const tokens = await compatClient(bank).oAuth.getToken({ code: 'code-1', authMethod: 'basic', redirect_uri: REDIRECT_URI });
    expect(tokens.expires_in).toBe(2592000);
  });
});

describe('refreshTokens', () => {
  it.each([
    ['no authMethod (basic)', {}, BASIC_ONLY],
    ["authMethod 'basic'", { authMethod: 'basic' as const }, BASIC_ONLY],
    ["authMethod 'post'", { authMethod: 'post' as const }, POST_ONLY],
    ["authMethod 'client_secret_post'", { authMethod: 'client_secret_post' as const }, POST_ONLY],
    ["authMethod 'client_secret_basic'", { authMethod: 'client_secret_basic' as const }, BASIC_ONLY],
  ])('with %s sends that one method only (the old SDK sent both)', async (_, options, expected) => {
    const bank = createFakeBank();
    const tokens = await compatClient(bank, options).refreshTokens('refresh-1');
    expect(tokens).toEqual(TOKENS);
    expect(bank.seen).toHaveLength(1);
    const [request] = bank.seen;
    expect(request?.url).toBe(`${STAGING}/token`);
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(request?.authorization).toBe(expected.authorization);
    expect(request?.fields).toEqual([['grant_type', 'refresh_token'], ['refresh_token', 'refresh-1'], ...expected.credentials]);
  });
});
