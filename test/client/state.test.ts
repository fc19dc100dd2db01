import { describe, expect, it } from 'vitest';
import {
  assertStateMatches,
  AuthorizationError,
  constantTimeEqual,
  createTokenClient,
  InvalidCallbackError,
  InvalidInputError,
  StateMismatchError,
  statesMatch,
} from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './fixtures.js';

/**
 * The state is what stops a forged callback (RFC 6749 §10.12): the comparison must be exact —
 * byte for byte and length for length — and a callback without a state must never match.
 */

describe('constantTimeEqual', () => {
  it.each([
    ['identical ASCII', 'abc', 'abc'],
    ['identical non-ASCII', 'état-✓-𝒳', 'état-✓-𝒳'],
    ['two empty strings', '', ''],
  ])('%s → equal', (_what, a, b) => {
    expect(constantTimeEqual(a, b)).toBe(true);
  });

  it.each([
    ['a trailing NUL', 'abc', 'abc\0'],
    ['a leading NUL', '\0abc', 'abc'],
    ['a prefix', 'abc', 'abcd'],
    ['the empty string and a NUL', '', '\0'],
    ['the last byte', 'abc', 'abd'],
    ['the first byte', 'xbc', 'abc'],
    ['a middle byte', 'aXc', 'abc'],
    ['one bit', 'a', '`'],
    ['a different UTF-8 encoding of the same look', 'é', 'e\u0301'],
    ['the high byte of a multi-byte character', 'é', 'ǩ'],
  ])('%s → not equal, either way round', (_what, a, b) => {
    expect(constantTimeEqual(a, b)).toBe(false);
    expect(constantTimeEqual(b, a)).toBe(false);
  });

  it('differences in several bytes do not cancel out', () => {
    // XOR differences OR-ed together; a sum or an AND would let some of these pairs through.
    expect(constantTimeEqual('ab', 'ba')).toBe(false);
    expect(constantTimeEqual('\u0001\u0002', '\u0002\u0001')).toBe(false);
    expect(constantTimeEqual('\u0003\u0000', '\u0000\u0003')).toBe(false);
  });
});

describe('statesMatch', () => {
  it('matches an equal state', () => {
    expect(statesMatch('xyz-state', 'xyz-state')).toBe(true);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
  ])('never matches a missing state (%s), even against the string of the same name', (name, received) => {
    expect(statesMatch(name, received)).toBe(false);
    expect(statesMatch('abc', received)).toBe(false);
  });

  it('never matches when the expected state is empty or not a string', () => {
    expect(statesMatch('', '')).toBe(false);
    expect(statesMatch(undefined as never, 'undefined')).toBe(false);
    expect(statesMatch(null as never, 'null')).toBe(false);
  });

  it('does not match a longer or shorter state', () => {
    expect(statesMatch('abc', 'abc\0')).toBe(false);
    expect(statesMatch('abc', 'ab')).toBe(false);
  });
});

describe('assertStateMatches', () => {
  it('passes silently on a match', () => {
    expect(assertStateMatches('abc', 'abc')).toBeUndefined();
  });

  it('says the callback carries no state when there is none', () => {
    expect(() => assertStateMatches('abc', null)).toThrow(StateMismatchError);
    expect(() => assertStateMatches('abc', null)).toThrow(/carries no state/);
  });

  it('on a wrong state, throws without claiming the state is missing', () => {
    let error: unknown;
    try {
      assertStateMatches('abc', 'abd');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateMismatchError);
    expect((error as Error).message).not.toMatch(/carries no state/);
  });
});

describe('parseCallback inputs', () => {
  const auth = createTokenClient({ environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });

  it('takes a URL object', () => {
    const url = new URL(`${REDIRECT_URI}?code=from-a-url&state=s1`);
    expect(auth.parseCallback(url, { expectedState: 's1' })).toEqual({ code: 'from-a-url', state: 's1' });
  });

  it('takes a bare query string, with or without its question mark', () => {
    expect(auth.parseCallback('?code=c-1&state=s1', { expectedState: 's1' }).code).toBe('c-1');
    expect(auth.parseCallback('code=c-2&state=s1', { expectedState: 's1' }).code).toBe('c-2');
  });

  it.each([
    ['a string that is neither a URL nor a query', 'just some text'],
    ['a number', 42],
    ['null', null],
    ['a plain object', { code: 'c', state: 's1' }],
  ])('refuses %s as InvalidInputError(callbackUrl)', (_what, callback) => {
    let error: unknown;
    try {
      auth.parseCallback(callback as never, { expectedState: 's1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'callbackUrl' });
    expect((error as Error).message).toMatch(/must be the callback URL/);
  });

  it('checks the state before looking at an error, and reports an error callback’s description and URI', () => {
    expect(() => auth.parseCallback('?error=access_denied&state=forged', { expectedState: 's1' })).toThrow(StateMismatchError);
    let error: unknown;
    try {
      auth.parseCallback('?error=server_error&error_uri=https%3A%2F%2Fbank.example%2Fhelp&state=s1', { expectedState: 's1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuthorizationError);
    expect(error).toMatchObject({ error: 'server_error', errorDescription: undefined, errorUri: 'https://bank.example/help' });
  });

  it('names an unknown error code in the refusal, cut short and redacted', () => {
    expect(() => auth.parseCallback('?error=made_up&state=s1', { expectedState: 's1' })).toThrow(/carries error "made_up", which is not an RFC 6749/);
    expect(() => auth.parseCallback('?error=made_up&state=s1', { expectedState: 's1' })).toThrow(InvalidCallbackError);
  });

  it('refuses a callback whose code breaks the spec’s limits', () => {
    expect(() => auth.parseCallback('?code=&state=s1', { expectedState: 's1' })).toThrow(InvalidCallbackError);
    expect(() => auth.parseCallback(`?code=${'c'.repeat(129)}&state=s1`, { expectedState: 's1' })).toThrow(/at most 128/);
  });
});
