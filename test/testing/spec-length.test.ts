// The spec's minLength/maxLength count Unicode code points (JSON Schema Validation §6.3.1). The
// client and the mock bank both measure with src/shared/spec-length.ts, so a value the client
// sends is one the mock accepts, also when it holds characters outside the Basic Multilingual
// Plane, which String#length counts twice (the mock used to, and refused what the client sent).
import { describe, expect, it } from 'vitest';
import { createTokenClient, InvalidInputError } from 'gmo-aozora-auth';
import { approveAuthorization, createMockBank, MOCK_POST_CLIENT, type MockClient } from 'gmo-aozora-auth/testing';
import { schemaLimits } from '../../src/generated/spec-values.js';
import { specLength } from '../../src/shared/spec-length.js';
import { authorizationQuery, authorize, REDIRECT_URI } from './helpers.js';

/** U+20BB7, a kanji outside the BMP: one code point, two UTF-16 units. */
const ASTRAL = '𠮷';

const clientOf = (bank: ReturnType<typeof createMockBank>, client: MockClient) =>
  createTokenClient({
    baseUrl: 'https://bank.example/auth/v1',
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    authMethod: client.authMethod,
    fetch: (input, init) => bank.handle(new Request(input, init)),
  });

describe('spec lengths: the client and the mock bank count alike', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(ASTRAL.length).toBe(2);
    expect(specLength(ASTRAL.repeat(3))).toBe(3);
    expect(specLength('aé𠮷😀')).toBe(4);
    expect(specLength('')).toBe(0);
  });

  it(`a state of ${schemaLimits.State.maxLength} astral characters: the client sends it and the mock bank accepts it`, async () => {
    const bank = createMockBank();
    const auth = clientOf(bank, MOCK_POST_CLIENT);
    const state = ASTRAL.repeat(schemaLimits.State.maxLength);
    const { url } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'openid offline_access', state });
    const callback = new URL(await approveAuthorization(url, { bank }));
    expect(callback.searchParams.get('error')).toBeNull();
    expect(callback.searchParams.get('state')).toBe(state);
  });

  it('one more: the client refuses it before sending, and the mock bank refuses it too', async () => {
    const bank = createMockBank();
    const state = ASTRAL.repeat(schemaLimits.State.maxLength + 1);
    await expect(clientOf(bank, MOCK_POST_CLIENT).authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'openid', state })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(bank.requests).toHaveLength(0);
    const response = await authorize(bank, authorizationQuery(MOCK_POST_CLIENT, { state }));
    expect(Object.fromEntries(new URL(response.headers.get('location')!).searchParams)).toMatchObject({ error: 'invalid_request' });
  });

  it(`a client id and secret of ${schemaLimits.ClientId.maxLength} astral characters register, and a code exchange with them in the body succeeds`, async () => {
    const client: MockClient = {
      ...MOCK_POST_CLIENT,
      clientId: ASTRAL.repeat(schemaLimits.ClientId.maxLength),
      clientSecret: ASTRAL.repeat(schemaLimits.ClientSecret.maxLength),
    };
    const bank = createMockBank({ clients: [client] });
    const auth = clientOf(bank, client);
    const { url, state } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'offline_access' });
    const { code } = auth.parseCallback(await approveAuthorization(url, { bank }), { expectedState: state });
    await expect(auth.exchangeCode({ code, redirectUri: REDIRECT_URI })).resolves.toHaveProperty('tokens.refresh_token');
  });
});
