import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenClient, GanbAuthError, type TokenClientOptions } from 'gmo-aozora-auth';
import { fakeTokenEndpoint } from '../support/token-endpoint.js';

/**
 * A hostile or careless bank echoes what it received: the client secret, the Basic credentials,
 * the code, the refresh token, or tokens of its own response, raw or encoded the ways servers
 * encode things (form and percent encoding, JSON string escapes, base64), line-wrapped or split
 * across lines. None of it may reach any view of the error a caller gets: message, stack,
 * `toJSON`, `util.inspect`, every field, the whole `cause` chain. Answers come from an injected
 * fetch, so nothing leaves the process.
 */

const REDIRECT_URI = 'https://bff.example.com/callback';
const BASE_URL = 'https://stg-api.gmo-aozora.com/ganb/api/auth/v1';

const utf8Base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const formEncode = (text: string) => new URLSearchParams([['', text]]).toString().slice(1);

/** The ways a server may plausibly re-encode a value it echoes. */
const TRANSFORMS = {
  form: formEncode,
  percent: encodeURIComponent,
  json: (text: string) => JSON.stringify(text).slice(1, -1),
  // Python's json.dumps and PHP's json_encode escape everything outside ASCII, PHP also "/".
  jsonAscii: (text: string) =>
    JSON.stringify(text)
      .slice(1, -1)
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .replace(/\//g, '\\/'),
  percentLower: (text: string) => encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  base64: utf8Base64,
  base64url: (text: string) => Buffer.from(text, 'utf8').toString('base64url'),
} as const;
type Transform = keyof typeof TRANSFORMS;

/** Line breaks and wrapping a server may add: MIME's 76 columns, a split at any point. */
type Layout = { type: 'none' } | { type: 'wrap'; width: number; eol: string } | { type: 'split'; at: number; gap: string };

function layOut(text: string, layout: Layout): string {
  if (layout.type === 'none') return text;
  if (layout.type === 'split') {
    const at = Math.max(1, Math.min(text.length - 1, layout.at));
    return `${text.slice(0, at)}${layout.gap}${text.slice(at)}`;
  }
  return text.replace(new RegExp(`.{1,${layout.width}}`, 'gsu'), (line) => `${line}${layout.eol}`).trimEnd();
}

const transforms = fc.array(fc.constantFrom(...(Object.keys(TRANSFORMS) as Transform[])), { maxLength: 2 });
const layout: fc.Arbitrary<Layout> = fc.oneof(
  fc.constant({ type: 'none' as const }),
  fc.record({ type: fc.constant('wrap' as const), width: fc.integer({ min: 4, max: 76 }), eol: fc.constantFrom('\n', '\r\n', '\n ') }),
  fc.record({ type: fc.constant('split' as const), at: fc.integer({ min: 1, max: 200 }), gap: fc.constantFrom('\n', '\r\n', ' ', '\n\t') }),
);

/**
 * Secrets over the whole Unicode range (any code point, astral included), within the spec's
 * 128-character limits, with at least 4 characters that are not white space: the library does
 * not redact values shorter than 4 characters by value (they would redact ordinary words), and a
 * value made of spaces cannot be told apart from the layout of the page.
 */
const secret = fc.string({ unit: 'binary', minLength: 6, maxLength: 40 }).filter((s) => [...s].length <= 128 && s.replace(/\s/gu, '').length >= 6);

/** One echo: which value, through which transforms, laid out how. */
const echo = fc.record({
  value: fc.constantFrom('clientSecret', 'sent', 'basicForm', 'basicRaw', 'basicDecodedForm', 'basicDecodedRaw', 'accessToken'),
  transforms,
  layout,
});

const notAccessToken = (e: { value: string }) => e.value !== 'accessToken';

const scenario = fc
  .record({
    call: fc.constantFrom('exchangeCode', 'refresh'),
    authMethod: fc.constantFrom('client_secret_basic', 'client_secret_post'),
    clientId: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter((s) => s.length <= 128),
    clientSecret: secret,
    sent: secret,
    accessToken: secret,
    status: fc.constantFrom(200, 400, 401, 429, 500, 503),
    shape: fc.constantFrom('oauth-json', 'text-page', 'token-json'),
    echoes: fc.array(echo, { minLength: 1, maxLength: 4 }),
    headerEchoes: fc.array(echo, { maxLength: 2 }),
  })
  // An access token is known to the client only when it is in the response (a refused 200); in an
  // error page a token it never saw can only be recognised by its shape.
  .map((s) => (s.shape === 'token-json' ? s : { ...s, echoes: s.echoes.filter(notAccessToken), headerEchoes: s.headerEchoes.filter(notAccessToken) }))
  .filter((s) => s.echoes.length > 0);
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function values(s: Scenario): Record<Scenario['echoes'][number]['value'], string> {
  return {
    clientSecret: s.clientSecret,
    sent: s.sent,
    basicForm: utf8Base64(`${formEncode(s.clientId)}:${formEncode(s.clientSecret)}`),
    basicRaw: utf8Base64(`${s.clientId}:${s.clientSecret}`),
    basicDecodedForm: `${formEncode(s.clientId)}:${formEncode(s.clientSecret)}`,
    basicDecodedRaw: `${s.clientId}:${s.clientSecret}`,
    accessToken: s.accessToken,
  };
}

const encodeEcho = (s: Scenario, e: Scenario['echoes'][number]) => e.transforms.reduce((text, t) => TRANSFORMS[t](text), values(s)[e.value]);
const isByteString = (text: string) => /^[\x20-\x7e]*$/.test(text);

function response(s: Scenario): Response {
  const echoed = s.echoes.map((e) => layOut(encodeEcho(s, e), e.layout));
  const text = echoed.join(' / ');
  const headers = new Headers();
  let contentType = s.shape === 'text-page' ? 'text/html; charset=utf-8' : 'application/json;charset=UTF-8';
  for (const e of s.headerEchoes) {
    // Header values are byte strings: only ASCII forms can be echoed there.
    const value = encodeEcho(s, e);
    if (!isByteString(value)) continue;
    headers.append('WWW-Authenticate', `Basic realm="ganb", error_description="got ${value}"`);
    contentType += `; echo="${value}"`;
  }
  headers.set('Content-Type', contentType);
  const body =
    s.shape === 'oauth-json'
      ? JSON.stringify({ error: 'invalid_client', error_description: `refused ${text}`, error_uri: `https://bank.example/e?got=${echoed[0]}` })
      : s.shape === 'token-json'
        ? // A 200 with a wrong type, so the answer is refused and its excerpt kept.
          JSON.stringify({ access_token: s.accessToken, refresh_token: text, token_type: 7, note: text })
        : `<html><body><h1>Error</h1><pre>${text}</pre></body></html>`;
  return new Response(body, { status: s.status === 200 && s.shape === 'oauth-json' ? 400 : s.status, headers });
}

/**
 * A stack's frame lines (`    at fn (file:line:col)`): code locations, never data. Left in, a
 * random secret such as "pro per" rejoins into "proper" and is "found" in `test/property/…`.
 */
const STACK_FRAME = /^ {4}at .*:\d+:\d+\)?$/gm;

/** Every way the error is shown: text views and each field, down the cause chain, stack frames left out. */
function views(error: unknown): string[] {
  const shown = [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error) ?? ''];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    shown.push(e.message, String(e), e.stack ?? '');
    for (const value of Object.values(e)) if (typeof value === 'string') shown.push(value);
  }
  return shown.map((view) => view.replace(STACK_FRAME, ''));
}

const stripSpace = (text: string) => text.replace(/\s+/g, '');

/** Asserts that neither a secret nor anything the server echoed of it shows in any view. */
function expectNothingLeaks(error: unknown, s: Scenario): void {
  const { accessToken, ...sent } = values(s);
  const known = s.shape === 'token-json' ? [...Object.values(sent), accessToken] : Object.values(sent);
  const leaks = [...known, ...[...s.echoes, ...s.headerEchoes].map((e) => encodeEcho(s, e))];
  for (const view of views(error)) {
    for (const leak of leaks) {
      expect(view.includes(leak), `${JSON.stringify(leak)} in ${JSON.stringify(view.slice(0, 400))}`).toBe(false);
      // Split across lines and rejoined when the page's white space is flattened.
      const joined = stripSpace(leak);
      if (joined.length >= 6)
        expect(stripSpace(view).includes(joined), `${JSON.stringify(joined)} rejoined in ${JSON.stringify(view.slice(0, 400))}`).toBe(false);
    }
  }
}

async function run(s: Scenario): Promise<unknown> {
  const options: TokenClientOptions = {
    baseUrl: BASE_URL,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    authMethod: s.authMethod,
    retry: false,
    fetch: fakeTokenEndpoint(response(s)).fetch,
  };
  const client = createTokenClient(options);
  const call = s.call === 'exchangeCode' ? client.exchangeCode({ code: s.sent, redirectUri: REDIRECT_URI }) : client.refresh({ refreshToken: s.sent });
  return call.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );
}

describe('nothing a server echoes of a secret reaches an error', () => {
  it('for random secrets over the whole Unicode range, echoed through random transforms', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const error = await run(s);
        expect(error).toBeInstanceOf(GanbAuthError);
        expectNothingLeaks(error, s);
      }),
      { numRuns: 200 },
    );
  });

  // The forms an adversarial review saw leak, each as its own case.
  const base: Scenario = {
    call: 'exchangeCode',
    authMethod: 'client_secret_post',
    clientId: 's6BhdRkqt3',
    clientSecret: 'p@ss "word\\/+é秘密=',
    sent: 'rt+/ü%20token value',
    accessToken: 'at-2Vn6bQ-access-token-value',
    status: 401,
    shape: 'oauth-json',
    echoes: [],
    headerEchoes: [],
  };
  const none: Layout = { type: 'none' };
  it.each<[string, Partial<Scenario>]>([
    ['the form-encoded secret a client_secret_post request carried', { echoes: [{ value: 'clientSecret', transforms: ['form'], layout: none }] }],
    ['the decoded Basic value id:secret', { authMethod: 'client_secret_basic', echoes: [{ value: 'basicDecodedRaw', transforms: [], layout: none }] }],
    ['a JSON-escaped secret', { shape: 'text-page', echoes: [{ value: 'clientSecret', transforms: ['json'], layout: none }] }],
    ['line-wrapped Basic base64', { shape: 'text-page', echoes: [{ value: 'basicForm', transforms: [], layout: { type: 'wrap', width: 8, eol: '\r\n' } }] }],
    ['a secret split across lines', { shape: 'text-page', echoes: [{ value: 'clientSecret', transforms: [], layout: { type: 'split', at: 5, gap: '\n' } }] }],
    ['a percent-encoded refresh token', { call: 'refresh', echoes: [{ value: 'sent', transforms: ['percent'], layout: none }] }],
    [
      'the secret in the Content-Type header',
      {
        shape: 'text-page',
        echoes: [{ value: 'sent', transforms: ['base64'], layout: none }],
        headerEchoes: [{ value: 'clientSecret', transforms: ['percent'], layout: none }],
      },
    ],
  ])('%s', async (_what, change) => {
    const s = { ...base, ...change };
    expectNothingLeaks(await run(s), s);
  });
});
