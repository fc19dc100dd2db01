import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTokenClient, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, InvalidResponseError, OAuthError, type TokenClient } from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, STAGING, signIdToken } from '../client/fixtures.js';
import { fakeTokenEndpoint, jsonResponse } from '../support/token-endpoint.js';

/**
 * Tokens the client never sent — a fresh access token, another user's id_token — can only be
 * recognised by their shape. What a misbehaving bank echoes into an error description or an
 * HTML error page must reach the caller with every JWT, `Bearer`/`Basic` credential and
 * token-named JSON or form field replaced by `[REDACTED]`, and with nothing else changed.
 */

const bank = fakeTokenEndpoint();

const client = () => createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: bank.fetch, retry: false });

async function failure(auth: TokenClient = client()): Promise<Error> {
  const error = await auth.refresh({ refreshToken: 'refresh-token-sent' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** What the caller sees of `description` when the bank puts it in an RFC 6749 error response. */
async function describedAs(description: string): Promise<string | undefined> {
  bank.respondWith(() => jsonResponse({ error: 'invalid_request', error_description: description }, 400));
  const error = await failure();
  expect(error).toBeInstanceOf(OAuthError);
  const shown = (error as OAuthError).errorDescription;
  expect(error.message).toContain(shown);
  return shown;
}

/** What the caller sees of `page` when the bank answers a 500 with it. */
async function excerptOf(page: string, contentType = 'text/html'): Promise<string> {
  bank.respondWith(() => new Response(page, { status: 500, headers: { 'Content-Type': contentType } }));
  const error = await failure();
  expect(error).toBeInstanceOf(InvalidResponseError);
  return (error as InvalidResponseError).excerpt;
}

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEiLCJuIjoiYS1iX2MifQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const UNSIGNED_JWT = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLTEifQ.';

describe('JWTs', () => {
  it('a bare JWT in an error description is redacted, the words around it kept', async () => {
    expect(await describedAs(`id_token ${JWT} is not valid`)).toBe('id_token [REDACTED] is not valid');
  });

  it('every JWT is redacted, an unsigned one (empty signature) too', async () => {
    expect(await describedAs(`first ${JWT} then ${UNSIGNED_JWT} end`)).toBe('first [REDACTED] then [REDACTED] end');
  });

  it('JWT-shaped means: eyJ, then at least four base64url characters in the first two segments', async () => {
    expect(await describedAs('a eyJabcd.efgh. b')).toBe('a [REDACTED] b');
    expect(await describedAs('a eyJ-_cd.ef-_.sig b')).toBe('a [REDACTED] b');
    expect(await describedAs('a eyJabc.efgh.ijkl b')).toBe('a eyJabc.efgh.ijkl b');
    expect(await describedAs('a eyJabcd.efg.ijkl b')).toBe('a eyJabcd.efg.ijkl b');
  });

  it('a JWT in an HTML error page is redacted in the excerpt', async () => {
    expect(await excerptOf(`<html><body><p>Token: ${JWT}</p></body></html>`)).toBe('<html><body><p>Token: [REDACTED]</p></body></html>');
  });
});

describe('Authorization credentials', () => {
  it('a Bearer token is redacted, the scheme kept', async () => {
    expect(await describedAs('sent Bearer mF_9.B5f-4.1JqM~x/y+z= and failed')).toBe('sent Bearer [REDACTED] and failed');
  });

  it('Basic credentials are redacted, the scheme kept', async () => {
    expect(await describedAs('header was Basic dXNlcjpwYXNzd29yZA== here')).toBe('header was Basic [REDACTED] here');
  });

  it('several spaces after the scheme still count', async () => {
    expect(await describedAs('Bearer   abcdefgh12 x')).toBe('Bearer [REDACTED] x');
  });

  it('credentials from eight characters on are redacted; shorter words after the scheme stay', async () => {
    expect(await describedAs('Bearer abcdefgh')).toBe('Bearer [REDACTED]');
    expect(await describedAs('Bearer abcdefg')).toBe('Bearer abcdefg');
    expect(await describedAs('use Bearer realm')).toBe('use Bearer realm');
  });

  it('the scheme must be a word of its own', async () => {
    expect(await describedAs('NotBearer abcdefgh12')).toBe('NotBearer abcdefgh12');
  });

  it('Bearer and Basic in one text are both redacted', async () => {
    expect(await excerptOf('<p>Bearer abcdefgh12 / Basic ijklmnop34</p>')).toBe('<p>Bearer [REDACTED] / Basic [REDACTED]</p>');
  });
});

describe('token-named fields', () => {
  it.each(['access_token', 'refresh_token', 'id_token', 'client_secret', 'code', 'password'])('a JSON %s value is redacted, the key kept', async (key) => {
    expect(await excerptOf(`{"${key}":"value-1234","token_type":"Bearer"}`)).toBe(`{"${key}":"[REDACTED]","token_type":"Bearer"}`);
  });

  it.each(['access_token', 'refresh_token', 'id_token', 'client_secret', 'code', 'password'])('a form %s value is redacted, the key kept', async (key) => {
    expect(await describedAs(`got ${key}=value-1234&state=xyz`)).toBe(`got ${key}=[REDACTED]&state=xyz`);
  });

  it('every field is redacted, whatever the case of its key, with spaces around the colon', async () => {
    expect(await excerptOf('{"ACCESS_TOKEN" : "at-1234", "Refresh_Token":"rt-5678"}', 'application/json')).toBe(
      '{"ACCESS_TOKEN" : "[REDACTED]", "Refresh_Token":"[REDACTED]"}',
    );
    expect(await describedAs('CODE=c-1234 and PASSWORD=p-5678')).toBe('CODE=[REDACTED] and PASSWORD=[REDACTED]');
  });

  it('a JSON value with escaped quotes is redacted whole', async () => {
    expect(await excerptOf('{"access_token":"a\\"b\\\\c","x":1}')).toBe('{"access_token":"[REDACTED]","x":1}');
  });

  it('a JSON value cut off by the end of the text is redacted to the end', async () => {
    expect(await excerptOf('{"refresh_token":"rt-cut-off-here')).toBe('{"refresh_token":"[REDACTED]');
  });

  it('a form value ends at &, whitespace, a quote or <', async () => {
    expect(await excerptOf('<a href="?code=c-1234">code=c-5678 x</a>')).toBe('<a href="?code=[REDACTED]">code=[REDACTED] x</a>');
  });

  it('a key inside a longer word is not a token field', async () => {
    expect(await describedAs('postcode=1234567 and barcode=7654321')).toBe('postcode=1234567 and barcode=7654321');
  });
});

describe('values the client sent', () => {
  it('are redacted wherever they appear, however they are written around', async () => {
    bank.respondWith(() => jsonResponse({ error: 'invalid_grant', error_description: 'grant [refresh-token-sent] unknown' }, 400));
    expect((await failure()) as OAuthError).toMatchObject({ errorDescription: 'grant [[REDACTED]] unknown' });
  });

  it('from four characters on; shorter ones would blank out ordinary words', async () => {
    const auth = client();
    bank.respondWith(() => jsonResponse({ error: 'invalid_grant', error_description: 'token abcd rejected' }, 400));
    const four = await auth.refresh({ refreshToken: 'abcd' }).catch((e: unknown) => e);
    expect(four).toMatchObject({ errorDescription: 'token [REDACTED] rejected' });
    bank.respondWith(() => jsonResponse({ error: 'invalid_grant', error_description: 'token abc rejected' }, 400));
    const three = await auth.refresh({ refreshToken: 'abc' }).catch((e: unknown) => e);
    expect(three).toMatchObject({ errorDescription: 'token abc rejected' });
  });
  /** The error_description the caller sees when the bank echoes `description` after the client sent `refreshToken`. */
  async function shownAfterSending(refreshToken: string, description: string): Promise<string | undefined> {
    bank.respondWith(() => jsonResponse({ error: 'invalid_grant', error_description: description }, 400));
    const error = await client()
      .refresh({ refreshToken })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    return (error as OAuthError).errorDescription;
  }

  it('a four-character value is found split across lines too', async () => {
    expect(await shownAfterSending('abcd', 'token ab\ncd rejected')).toBe('token [REDACTED] rejected');
  });

  it('a value that is mostly layout is redacted as it is, and what is left of it elsewhere stays', async () => {
    expect(await shownAfterSending('a + b', 'token a + b, not ab, rejected')).toBe('token [REDACTED], not ab, rejected');
  });

  it('a sent value that holds the client secret is cut out once, the secret inside it too', async () => {
    const holding = `x-${CLIENT_SECRET}-y`;
    expect(await shownAfterSending(holding, `grant ${holding} unknown`)).toBe('grant [REDACTED] unknown');
    expect(await shownAfterSending(holding, `grant x-${CLIENT_SECRET} unknown`)).toBe('grant x-[REDACTED] unknown');
  });

  it('two values that overlap are one cut', async () => {
    expect(await shownAfterSending(`tok-abcd-${CLIENT_SECRET.slice(0, 4)}`, `grant tok-abcd-${CLIENT_SECRET} unknown`)).toBe('grant [REDACTED] unknown');
  });

  it('two values side by side are two cuts', async () => {
    expect(await shownAfterSending('tok-abcd-1234', `grant tok-abcd-1234${CLIENT_SECRET} unknown`)).toBe('grant [REDACTED][REDACTED] unknown');
  });

  it('a value under four characters is not redacted in a longer spelling either', async () => {
    expect(await shownAfterSending('a/b', 'token a%2Fb rejected')).toBe('token a%2Fb rejected');
  });

  it('a value ending in a backslash, at the very end of the text, is redacted to its last character', async () => {
    expect(await shownAfterSending('tok-1234\\', 'unknown grant tok-1234\\')).toBe('unknown grant [REDACTED]');
  });

  it.each([
    ['on its own', ''],
    ['one byte into a longer value', 'key '],
    ['two bytes into a longer value, as in a form body', 'refresh_token='],
  ])('base64 of the value %s is redacted', async (_where, prefix) => {
    const encoded = btoa(`${prefix}tok-abcdefgh-12345&more`);
    const shown = (await shownAfterSending('tok-abcdefgh-12345', `got ${encoded} back`)) ?? '';
    expect(shown).toContain('[REDACTED]');
    expect(shown).not.toContain(encoded);
    // Only the characters whose bits come from the value go; the prefix's characters stay.
    expect(shown.startsWith(`got ${encoded.slice(0, Math.floor((prefix.length * 8) / 6))}`)).toBe(true);
  });

  it('form-encoded, where it differs from percent-encoding (parentheses, ! and ~ escaped), the value is redacted', async () => {
    expect(await shownAfterSending('tok(1)!~abcd', 'grant tok%281%29%21%7Eabcd unknown')).toBe('grant [REDACTED] unknown');
  });

  it('percent-encoded with spaces as +, as qs and many JavaScript form helpers write it, the value is redacted', async () => {
    expect(await shownAfterSending('tok en(1)-abcd', 'grant tok+en(1)-abcd unknown')).toBe('grant [REDACTED] unknown');
  });

  it.each([
    ['LF', '\n'],
    ['CR', '\r'],
    ['CR LF', '\r\n'],
    ['a tab', '\t'],
    ['a vertical tab', '\v'],
    ['a form feed', '\f'],
    ['a no-break space', '\u00a0'],
    ['a line separator', '\u2028'],
    ['an ideographic space', '\u3000'],
    ['a JSON-escaped \\n', '\\n'],
    ['a JSON-escaped \\r\\n', '\\r\\n'],
    ['a JSON-escaped \\t', '\\t'],
  ])('a value broken by %s is redacted whole', async (_what, gap) => {
    expect(await shownAfterSending('tok-abcd-1234', `grant tok-ab${gap}cd-1234 unknown`)).toBe('grant [REDACTED] unknown');
  });

  it('a value followed at once by a percent escape is redacted to its last character, the escape kept', async () => {
    expect(await shownAfterSending('tok-abcd-1234', 'see /grants/tok-abcd-1234%2Fhistory')).toBe('see /grants/[REDACTED]%2Fhistory');
  });

  describe('as other stacks escape them', () => {
    // Percent-encoded: tok%2F%7B%C3%A9%7D%2F%C3%BC-12345
    const sent = 'tok/{é}/ü-12345';

    it('percent-escapes in mixed case, as a proxy that re-encodes some of them writes them', async () => {
      expect(await shownAfterSending(sent, 'grant tok%2f%7B%c3%A9%7d%2F%C3%bc-12345 unknown')).toBe('grant [REDACTED] unknown');
    });

    it('\\u escapes in upper case, as .NET’s JSON writer spells what is not ASCII', async () => {
      expect(await shownAfterSending(sent, 'grant tok/{\\u00E9}/\\u00FC-12345 unknown')).toBe('grant [REDACTED] unknown');
    });

    it('slashes escaped and the rest left as it is, as PHP’s json_encode with JSON_UNESCAPED_UNICODE writes it', async () => {
      expect(await shownAfterSending(sent, 'grant tok\\/{é}\\/ü-12345 unknown')).toBe('grant [REDACTED] unknown');
    });

    it('another character behind a \\u escape is not taken for the value', async () => {
      const other = 'grant tok/{\\u00e8}/\\u00fc-12345 unknown';
      expect(await shownAfterSending(sent, other)).toBe(other);
    });

    it.each(['%09', '%0A', '%0D', '%20'])('a percent-encoded value broken by an encoded %s', async (layout) => {
      expect(await shownAfterSending(sent, `grant tok%2F%7B%C3%A9${layout}%7D%2F%C3%BC-12345 unknown`)).toBe('grant [REDACTED] unknown');
    });
  });
});

describe('the last pass over an error', () => {
  const failingWith = (fail: () => Promise<never>) =>
    createTokenClient({
      environment: 'staging',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authMethod: 'client_secret_post',
      fetch: fail,
      retry: false,
    });

  it('redacts one of our errors a fetch wrapper throws, and ends on a cause chain that loops back on itself', async () => {
    const looping = new InvalidResponseError({
      status: 502,
      reason: 'not_json',
      detail: `upstream said ${CLIENT_SECRET}`,
      contentType: `text/plain; key=${CLIENT_SECRET}`,
    });
    Object.defineProperty(looping, 'cause', { value: looping });
    const auth = failingWith(() => Promise.reject(looping));
    const error = await auth.exchangeCode({ code: 'code-0002', redirectUri: REDIRECT_URI }).catch((e: unknown) => e);
    expect(error).toBe(looping);
    expect((error as Error).message).not.toContain(CLIENT_SECRET);
    expect((error as InvalidResponseError).contentType).toBe('text/plain; key=[REDACTED]');
    expect(inspect(error)).not.toContain(CLIENT_SECRET);
  });
});

describe('excerpts', () => {
  it('flatten whitespace to single spaces and trim the ends', async () => {
    expect(await excerptOf('\n  <h1>Bad\t\tGateway</h1>\r\n\r\n  <p>later</p>  \n')).toBe('<h1>Bad Gateway</h1> <p>later</p>');
  });

  it('keep a 200-character body whole and cut a longer one to 200 characters, the ellipsis included', async () => {
    expect(await excerptOf('x'.repeat(200))).toBe('x'.repeat(200));
    const cut = await excerptOf(`${'y'.repeat(199)}zz`);
    expect(cut).toBe(`${'y'.repeat(199)}…`);
    expect(cut).toHaveLength(200);
  });

  it('never end in half of a surrogate pair', async () => {
    expect(await excerptOf(`${'y'.repeat(198)}😀zz`)).toBe(`${'y'.repeat(198)}…`);
    expect(await excerptOf(`${'y'.repeat(197)}😀zz`)).toBe(`${'y'.repeat(197)}😀…`);
  });
});

describe('token results shown to a person', () => {
  it('util.inspect shows only the start of each token; JSON keeps them whole for session storage', async () => {
    bank.respondWith(() =>
      jsonResponse({
        access_token: 'access-token-value-1',
        token_type: 'Bearer',
        refresh_token: 'refresh-token-value-2',
        expires_in: 60,
        scope: 'private:account',
      }),
    );
    const result = await client().refresh({ refreshToken: 'refresh-token-sent' });
    const shown = inspect(result);
    expect(inspect(result.tokens)).toContain("access_token: 'acce…'");
    expect(inspect(result.tokens)).not.toContain('access-token-value-1');
    expect(shown).toContain("access_token: 'acce…'");
    expect(shown).toContain("refresh_token: 'refr…'");
    expect(shown).toContain("token_type: 'Bearer'");
    expect(shown).toContain('expires_in: 60');
    expect(shown).not.toContain('access-token-value-1');
    expect(shown).not.toContain('refresh-token-value-2');
    expect(shown).not.toContain('id_token');
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ tokens: { access_token: 'access-token-value-1', refresh_token: 'refresh-token-value-2' } });
  });

  it('the id_token is masked as well', async () => {
    const idToken = await signIdToken({ nonce: 'n-1' });
    bank.respondWith(() => jsonResponse({ access_token: 'access-token-value-4', token_type: 'Bearer', id_token: idToken }));
    const shown = inspect(await client().refresh({ refreshToken: 'refresh-token-sent' }));
    expect(shown).toContain("id_token: 'eyJh…'");
    expect(shown).not.toContain(idToken);
  });

  it('a token of eight characters or fewer is shown as an ellipsis only; from nine, its first four', async () => {
    bank.respondWith(() => jsonResponse({ access_token: 'abcdefgh', refresh_token: 'abcdefghi', token_type: 'Bearer' }));
    const shown = inspect(await client().refresh({ refreshToken: 'refresh-token-sent' }));
    expect(shown).toContain("access_token: '…'");
    expect(shown).toContain("refresh_token: 'abcd…'");
  });

  it('the inspect view of a code exchange result is masked too', async () => {
    bank.respondWith(() => jsonResponse({ access_token: 'access-token-value-3', token_type: 'Bearer' }));
    const tokens = await client().exchangeCode({ code: 'code-1', redirectUri: REDIRECT_URI });
    expect(inspect(tokens)).toContain("access_token: 'acce…'");
    expect(inspect(tokens)).not.toContain('access-token-value-3');
  });

  it('the client itself shows its secret-free configuration only', () => {
    const auth = client();
    const view = {
      baseUrl: STAGING,
      issuer: 'https://stg-api.gmo-aozora.com',
      clientId: CLIENT_ID,
      authMethod: 'client_secret_basic',
      timeoutMs: DEFAULT_TIMEOUT_MS,
      retry: { ...DEFAULT_RETRY, attempts: 1 },
    };
    expect(inspect(auth)).toBe(inspect(view));
    expect(JSON.parse(JSON.stringify(auth))).toEqual(view);
  });
});
