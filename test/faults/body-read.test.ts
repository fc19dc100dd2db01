import { describe, expect, it } from 'vitest';
import { InvalidResponseError, NetworkError, OAuthError } from 'gmo-aozora-auth';
import { fakeTokenEndpoint } from '../support/token-endpoint.js';
import { BANK, CALLS, call, faultClient, rejection } from './harness.js';

/**
 * How an answer's body is read: in pieces as the network delivers it, never beyond
 * `maxResponseBytes`, and as UTF-8. Driven through an injected fetch, which controls exactly
 * how the body arrives.
 */

const TOKENS = JSON.stringify({ access_token: 'access-é-1', token_type: 'Bearer', expires_in: 3600 });
const TOKEN_BYTES = new TextEncoder().encode(TOKENS);

/** A body delivered as the given pieces, recording how many were pulled and whether it was cancelled. */
function pieces(parts: Uint8Array[]) {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = parts[pulled++];
      if (next) controller.enqueue(next);
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

/** Splits bytes at the given offsets. */
function splitAt(bytes: Uint8Array, ...offsets: number[]): Uint8Array[] {
  const bounds = [0, ...offsets, bytes.length];
  return bounds.slice(1).map((end, i) => bytes.slice(bounds[i], end));
}

/** A client whose one try is answered with `body`, given as is: a stream is read as it arrives. */
function clientAnswering(body: BodyInit | null, init: ResponseInit, maxResponseBytes?: number) {
  const bank = fakeTokenEndpoint(() => new Response(body, init));
  return faultClient(BANK, { fetch: bank.fetch, retry: false, ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }) }).client;
}

const json = { 'Content-Type': 'application/json' };

describe('a 200 body arriving in pieces', () => {
  it.each(CALLS)('%s: two pieces are joined in order', async (which) => {
    const body = pieces(splitAt(TOKEN_BYTES, 20));
    const { tokens } = await call(clientAnswering(body.stream, { status: 200, headers: json }), which);
    expect(tokens.access_token).toBe('access-é-1');
  });

  it('a multi-byte character split between pieces is decoded whole', async () => {
    const split = TOKENS.indexOf('é');
    const body = pieces(splitAt(TOKEN_BYTES, 5, split + 1, split + 2, TOKEN_BYTES.length - 1));
    const { tokens } = await call(clientAnswering(body.stream, { status: 200, headers: json }), 'refresh');
    expect(tokens).toMatchObject({ access_token: 'access-é-1', token_type: 'Bearer', expires_in: 3600 });
  });
});

describe('a connection that breaks while the body is read', () => {
  it.each(CALLS)('%s: NetworkError in phase response, sent once: the bank has answered, so it may have spent the grant', async (which) => {
    const bank = fakeTokenEndpoint({ kind: 'reset-mid-response', partial: TOKENS.slice(0, 10) });
    const { client } = faultClient(BANK, { fetch: bank.fetch });
    const error = await rejection(call(client, which));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ phase: 'response' });
    expect(error.message).toMatch(/failed while the response was read/);
    expect(bank.seen).toHaveLength(1);
  });
});

describe('maxResponseBytes', () => {
  it('a body exactly at the limit is read', async () => {
    const body = pieces(splitAt(TOKEN_BYTES, 10));
    const client = clientAnswering(body.stream, { status: 200, headers: json }, TOKEN_BYTES.length);
    await expect(call(client, 'refresh')).resolves.toMatchObject({ tokens: { access_token: 'access-é-1' } });
  });

  it('a body one byte over the limit is cut off as body_too_large, and the rest is not read', async () => {
    const body = pieces([...splitAt(TOKEN_BYTES, 10), new Uint8Array(1000)]);
    const client = clientAnswering(body.stream, { status: 200, headers: json }, TOKEN_BYTES.length - 1);
    const error = await rejection(call(client, 'refresh'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ reason: 'body_too_large', status: 200 });
    expect(error.message).toContain(`larger than the ${TOKEN_BYTES.length - 1}-byte limit (maxResponseBytes)`);
    expect(body.cancelled()).toBe(true);
    expect(body.pulled()).toBeLessThan(4);
  });

  it.each([
    ['streamed', {}],
    ['declared by Content-Length', { 'Content-Length': '5000' }],
  ])('%s over the limit in a body the fetch hands over as a clone (a logging wrapper) → body_too_large at once, not a timeout', async (_how, length) => {
    // A clone tees the body; cancelling one branch of a tee waits for the other, never read here.
    const original = new Response('x'.repeat(5000), { status: 200, headers: { ...json, ...length } });
    const bank = fakeTokenEndpoint(() => original.clone());
    const { client } = faultClient(BANK, { fetch: bank.fetch, retry: false, maxResponseBytes: 1024, timeoutMs: 2_000 });
    const error = await rejection(call(client, 'refresh'));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', reason: 'body_too_large' });
  });

  it('a declared Content-Length over the limit is refused before any of the body is read', async () => {
    const body = pieces([TOKEN_BYTES]);
    const client = clientAnswering(body.stream, { status: 200, headers: { ...json, 'Content-Length': String(TOKEN_BYTES.length) } }, TOKEN_BYTES.length - 1);
    const error = await rejection(call(client, 'refresh'));
    expect(error).toMatchObject({ reason: 'body_too_large', contentType: 'application/json' });
    expect(body.cancelled()).toBe(true);
    // A ReadableStream pulls once to fill its queue when created; the client itself reads nothing.
    expect(body.pulled()).toBeLessThanOrEqual(1);
  });

  it('a declared Content-Length over the limit on an answer without a body is still refused', async () => {
    const client = clientAnswering(null, { status: 200, headers: { ...json, 'Content-Length': '100000' } }, 1000);
    expect(await rejection(call(client, 'refresh'))).toMatchObject({ reason: 'body_too_large' });
  });

  it('an error answer without a body has an empty excerpt', async () => {
    const client = clientAnswering(null, { status: 503 }, 1000);
    const error = await rejection(call(client, 'refresh'));
    expect(error).toMatchObject({ reason: 'unexpected_status', status: 503, excerpt: '' });
  });

  it('a declared Content-Length equal to the limit is read', async () => {
    const body = pieces([TOKEN_BYTES]);
    const client = clientAnswering(body.stream, { status: 200, headers: { ...json, 'Content-Length': String(TOKEN_BYTES.length) } }, TOKEN_BYTES.length);
    await expect(call(client, 'refresh')).resolves.toMatchObject({ tokens: { access_token: 'access-é-1' } });
  });

  it('a Content-Length that is not a number is ignored: the bytes read decide', async () => {
    const client = clientAnswering(TOKENS, { status: 200, headers: { ...json, 'Content-Length': 'lots' } }, TOKEN_BYTES.length);
    await expect(call(client, 'refresh')).resolves.toMatchObject({ tokens: { access_token: 'access-é-1' } });
  });
});

describe('character encoding', () => {
  const notUtf8 = new Uint8Array([0x7b, 0x22, 0x61, 0xff, 0xfe, 0x22, 0x7d]);

  it('a 200 that is not valid UTF-8 is refused (tokens are never decoded as mojibake)', async () => {
    const error = await rejection(call(clientAnswering(notUtf8, { status: 200, headers: json }), 'refresh'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ reason: 'not_json', status: 200 });
    expect(error.message).toMatch(/not valid UTF-8/);
  });

  it('an error page that is not UTF-8 is still read, leniently, so its status decides', async () => {
    const error = await rejection(call(clientAnswering(notUtf8, { status: 502, headers: { 'Content-Type': 'text/html; charset=Shift_JIS' } }), 'refresh'));
    expect(error).toMatchObject({ reason: 'unexpected_status', status: 502 });
    expect((error as InvalidResponseError).excerpt).toContain('\uFFFD');
  });
});

describe('JSON media types', () => {
  it.each(['application/json', 'application/json; charset=UTF-8', 'Application/JSON', 'application/vnd.gmo-aozora.token+json', 'application/x.a_b-c+json;v=1'])(
    'a 200 as %s is read',
    async (contentType) => {
      const client = clientAnswering(TOKENS, { status: 200, headers: { 'Content-Type': contentType } });
      await expect(call(client, 'refresh')).resolves.toMatchObject({ tokens: { access_token: 'access-é-1' } });
    },
  );

  it.each(['text/json', 'application/jsonp', 'application/json+xml', 'application/+json', 'text/html', 'xapplication/vnd+json'])(
    'a 200 as %s is refused as unexpected_content_type, quoting the type',
    async (contentType) => {
      const error = await rejection(call(clientAnswering(TOKENS, { status: 200, headers: { 'Content-Type': contentType } }), 'refresh'));
      expect(error).toMatchObject({ reason: 'unexpected_content_type' });
      expect(error.message).toContain(`got ${JSON.stringify(contentType)}`);
    },
  );

  it('a 200 without a Content-Type is refused, saying so', async () => {
    const body = new Blob([TOKENS]).stream();
    const error = await rejection(call(clientAnswering(body, { status: 200 }), 'refresh'));
    expect(error).toMatchObject({ reason: 'unexpected_content_type', contentType: undefined });
    expect(error.message).toMatch(/no Content-Type/);
  });

  it('an RFC 6749 error as application/problem+json is an OAuthError', async () => {
    const body = JSON.stringify({ error: 'invalid_grant', error_description: 'code already used' });
    const error = await rejection(call(clientAnswering(body, { status: 400, headers: { 'Content-Type': 'application/problem+json' } }), 'exchangeCode'));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_grant', errorDescription: 'code already used', status: 400 });
  });
});
