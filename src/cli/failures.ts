import { GanbAuthError, isGanbAuthError } from '../index.js';

/**
 * The CLI's exit codes. Scripts can tell "fix your command" (2) from "the bank said no" (3, 4),
 * "a security check failed" (5) and "try again later" (6, 7) without parsing messages.
 */
export const EXIT = {
  /** Done. */
  OK: 0,
  /** A failure the CLI did not expect (a bug: please report it). */
  INTERNAL: 1,
  /** Bad command line, missing credentials, or a configuration the client refuses. */
  USAGE: 2,
  /** The bank refused: an RFC 6749 error other than invalid_client (invalid_grant, access_denied on the callback, …). */
  REFUSED: 3,
  /** Client authentication failed (invalid_client): wrong client id, secret or auth method. */
  CLIENT_AUTH: 4,
  /** A security check failed: the id_token was rejected or the callback's state did not match. */
  SECURITY_CHECK: 5,
  /** The bank could not be reached or returned something the spec does not allow (network, timeout, 5xx page). */
  UNREACHABLE: 6,
  /** `login` gave up waiting for the browser to come back. */
  LOGIN_TIMEOUT: 7,
  /** Interrupted (Ctrl-C), as shells report SIGINT. */
  INTERRUPTED: 130,
} as const;

/** A mistake on the command line; the message says how to fix it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `login` waited longer than `--timeout-sec` for the callback. */
export class LoginTimeoutError extends Error {
  override readonly name = 'LoginTimeoutError';
}

/** The user interrupted the command. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

/** Maps a failure to its exit code. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.USAGE;
  if (error instanceof LoginTimeoutError) return EXIT.LOGIN_TIMEOUT;
  if (error instanceof InterruptedError) return EXIT.INTERRUPTED;
  if (!isGanbAuthError(error)) return EXIT.INTERNAL;
  switch (error.code) {
    case 'OAUTH_ERROR':
      return error.error === 'invalid_client' ? EXIT.CLIENT_AUTH : EXIT.REFUSED;
    case 'AUTHORIZATION_ERROR':
      return EXIT.REFUSED;
    case 'ID_TOKEN_REJECTED':
    case 'STATE_MISMATCH':
      return EXIT.SECURITY_CHECK;
    case 'INVALID_RESPONSE':
    case 'INVALID_CALLBACK':
    case 'TIMEOUT':
    case 'NETWORK_ERROR':
      return EXIT.UNREACHABLE;
    case 'ABORTED':
      return EXIT.INTERRUPTED;
    case 'INVALID_INPUT':
    case 'INVALID_CONFIGURATION':
      return EXIT.USAGE;
    default:
      return EXIT.INTERNAL;
  }
}

/**
 * A one-line description of a failure for the terminal. The library's errors are secret-free
 * by design; for anything else only the type is shown, since its message may echo input.
 */
export function describeFailure(error: unknown): { text: string; json: Record<string, unknown> } {
  if (error instanceof GanbAuthError) return { text: error.message, json: error.toJSON() };
  if (error instanceof UsageError || error instanceof LoginTimeoutError || error instanceof InterruptedError) {
    return { text: error.message, json: { name: error.name, message: error.message } };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { text: `unexpected failure (${name}); please report it`, json: { name, message: 'unexpected failure' } };
}

/** The exit code table, for `--help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0    done
  1    unexpected failure (a bug: please report it)
  2    bad command line, missing credentials or invalid configuration
  3    the bank refused (invalid_grant, access_denied, invalid_scope, …)
  4    client authentication failed (invalid_client: check id, secret, auth method)
  5    a security check failed (id_token rejected, state mismatch)
  6    the bank could not be reached or responded outside the spec (network, timeout, 5xx)
  7    login: no callback before --timeout-sec
  130  interrupted (Ctrl-C)`;
