import { schemaEnums } from '../generated/spec-values.js';
import { AuthorizationError, InvalidCallbackError, InvalidInputError, StateMismatchError, type AuthorizationErrorCode } from './errors.js';
import { excerpt } from './redact.js';
import { assertStateMatches } from './state.js';
import { checkString, stringProblem } from './validate.js';

/** What a successful authorization callback carries. */
export interface AuthorizationCallback {
  /** The single-use authorization code, for `exchangeCode`. */
  readonly code: string;
  /** The state, already checked against the expected one. */
  readonly state: string;
}

const AUTHORIZATION_ERRORS: readonly string[] = schemaEnums.AuthorizationErrorCode;

function callbackParams(callback: unknown): URLSearchParams {
  if (callback instanceof URLSearchParams) return callback;
  if (callback instanceof URL) return callback.searchParams;
  if (typeof callback === 'string') {
    try {
      return new URL(callback).searchParams;
    } catch {
      // A bare query string such as "?code=…&state=…" is fine too.
      if (callback.includes('=')) return new URLSearchParams(callback);
    }
  }
  throw new InvalidInputError('callbackUrl', 'must be the callback URL, its query string, a URL or URLSearchParams');
}

/**
 * Reads the redirect the bank sent the browser back with (RFC 6749 §4.1.2). The state is
 * checked first, in constant time, so a forged callback cannot even inject an error; then an
 * `error` becomes an `AuthorizationError`, and otherwise the code is returned. A callback that
 * carries an error RFC 6749 §4.1.2.1 does not define, neither a code nor an error, or a code the
 * spec does not allow is an `InvalidCallbackError`.
 */
export function parseAuthorizationCallback(callback: string | URL | URLSearchParams, expectedState: unknown): AuthorizationCallback {
  // No saved state is a session problem, not a programming error: the session expired, the
  // cookie was lost, or this callback already consumed it (a double click, a replay).
  if (expectedState === undefined || expectedState === null || expectedState === '') {
    throw new StateMismatchError('no state is saved for this session (expired session, lost cookie, or a callback used twice)');
  }
  checkString('expectedState', expectedState, 'State');
  const params = callbackParams(callback);
  const state = params.get('state');
  assertStateMatches(expectedState as string, state);
  const error = params.get('error');
  if (error !== null) {
    if (!AUTHORIZATION_ERRORS.includes(error)) {
      // Stryker disable next-line ArrayDeclaration: equivalent — a callback carries none of the client's secrets, so the list is empty; a list with other text would only redact that text.
      throw new InvalidCallbackError(`carries error ${JSON.stringify(excerpt(error, [], 40))}, which is not an RFC 6749 §4.1.2.1 code`);
    }
    throw new AuthorizationError({
      error: error as AuthorizationErrorCode,
      errorDescription: params.get('error_description') ?? undefined,
      errorUri: params.get('error_uri') ?? undefined,
    });
  }
  const code = params.get('code');
  if (code === null) throw new InvalidCallbackError('carries neither a code nor an error');
  const problem = stringProblem(code, 'AuthorizationCode');
  if (problem) throw new InvalidCallbackError(`carries a code that ${problem}`);
  return { code, state: state! };
}
