import { describe, expect, it } from 'vitest';
import { NetworkError } from 'gmo-aozora-auth';
import { fakeTokenEndpoint, fetchFailed, networkError, systemError } from '../support/token-endpoint.js';
import { BANK, type CALLS, call, faultClient, rejection } from './harness.js';

/**
 * Whether a failed fetch may be repeated depends on where it failed. An authorization code is
 * single-use: a code exchange is repeated only when no connection was ever made, so the bank
 * cannot have seen (and spent) the code. Node's fetch (undici) reports that through the error
 * codes on the cause chain; anything else — no code at all, or a code that means the
 * connection existed — must count as "the bank may have seen it".
 */

/** The error codes undici gives when no connection was made, as the README's failure table lists them. */
const NEVER_CONNECTED = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT'];

/** Every try fails the way undici does (`fetchFailed` is its shape); counts the tries. */
async function outcome(makeError: () => unknown, which: (typeof CALLS)[number] = 'exchangeCode') {
  const bank = fakeTokenEndpoint(() => networkError(makeError()));
  const { client } = faultClient(BANK, { fetch: bank.fetch });
  const error = await rejection(call(client, which));
  expect(error).toBeInstanceOf(NetworkError);
  return { error: error as NetworkError, sends: bank.seen.length };
}

describe('a code exchange that never connected is retried', () => {
  it.each(NEVER_CONNECTED)('%s → phase connect, sent three times', async (code) => {
    const { error, sends } = await outcome(() => fetchFailed(systemError(code)));
    expect(error.phase).toBe('connect');
    expect(sends).toBe(3);
    expect(error.message).toMatch(/could not connect/);
  });

  it('codes inside an AggregateError (both address families refused) count when every one means "never connected"', async () => {
    const { error, sends } = await outcome(() => fetchFailed(new AggregateError([systemError('ECONNREFUSED'), systemError('EHOSTUNREACH')])));
    expect(error.phase).toBe('connect');
    expect(sends).toBe(3);
  });

  it('an entry without any code beside refused connections adds nothing: still never connected', async () => {
    const { error, sends } = await outcome(() => fetchFailed(new AggregateError([systemError('ECONNREFUSED'), 'address family unsupported'])));
    expect(error.phase).toBe('connect');
    expect(sends).toBe(3);
  });

  it('a code a few causes deep still counts', async () => {
    const { error } = await outcome(() =>
      fetchFailed(new Error('wrapped', { cause: new Error('again', { cause: new Error('once more', { cause: systemError('ENOTFOUND') }) }) })),
    );
    expect(error.phase).toBe('connect');
  });

  it('a cause chain that loops does not hang the decision', async () => {
    const looping = systemError('ECONNREFUSED') as Error & { cause?: unknown };
    looping.cause = looping;
    const { error } = await outcome(() => fetchFailed(looping));
    expect(error.phase).toBe('connect');
  });
});

describe('a code exchange that may have reached the bank is sent once', () => {
  it('an error with no code at all → phase request, sent once', async () => {
    const { error, sends } = await outcome(() => fetchFailed(new Error('other side closed')));
    expect(error.phase).toBe('request');
    expect(sends).toBe(1);
    expect(error.message).toMatch(/failed before any response/);
  });

  it('an error whose cause is null → phase request, sent once', async () => {
    const { error, sends } = await outcome(() => fetchFailed(null));
    expect(error.phase).toBe('request');
    expect(sends).toBe(1);
  });

  it('an AggregateError that contains itself does not hang the decision', async () => {
    const looping = new AggregateError([systemError('ECONNREFUSED')]) as AggregateError & { errors: unknown[] };
    looping.errors.push(looping);
    const { error } = await outcome(() => fetchFailed(looping));
    expect(error.phase).toBe('connect');
  });

  it('a plain error that is not even an object → phase request, sent once', async () => {
    const { error, sends } = await outcome(() => 'socket hang up');
    expect(error.phase).toBe('request');
    expect(sends).toBe(1);
  });

  it.each(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT'])('%s (the connection existed) → phase request, sent once', async (code) => {
    const { error, sends } = await outcome(() => fetchFailed(systemError(code)));
    expect(error.phase).toBe('request');
    expect(sends).toBe(1);
  });

  it('one refused address and one reset connection → the bank may have seen it: sent once', async () => {
    const { error, sends } = await outcome(() => fetchFailed(new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNRESET')])));
    expect(error.phase).toBe('request');
    expect(sends).toBe(1);
  });

  it('a code that is not a string is ignored, not matched', async () => {
    const { error } = await outcome(() => fetchFailed(Object.assign(new Error('odd'), { code: 111 })));
    expect(error.phase).toBe('request');
  });
});

describe('a refresh is retried after any failure before an answer', () => {
  it.each([
    ['never connected', () => fetchFailed(systemError('ECONNREFUSED')), 'connect'],
    ['a reset connection', () => fetchFailed(systemError('ECONNRESET')), 'request'],
    ['no code', () => fetchFailed(new Error('other side closed')), 'request'],
  ] as const)('%s → sent three times', async (_what, makeError, phase) => {
    const { error, sends } = await outcome(makeError, 'refresh');
    expect(error.phase).toBe(phase);
    expect(sends).toBe(3);
  });
});
