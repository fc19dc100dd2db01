import { createTokenClient, DEFAULT_TIMEOUT_MS, type Environment, type NonceHooks, type TokenClient } from '../index.js';
import { clientAuthMethodNamed } from '../shared/auth-methods.js';
import { UsageError } from './failures.js';
import { stringFlag, type Io, type Values } from './io.js';

/** Flags that say which bank and which client; shared by the commands that talk to the bank. */
export const CLIENT_OPTIONS = {
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  environment: { type: 'string' },
  'base-url': { type: 'string' },
  issuer: { type: 'string' },
  'auth-method': { type: 'string' },
  'timeout-ms': { type: 'string' },
} as const;

/** Scopes asked for when `--scope` is not given: an id_token, a refresh token and account access. */
export const DEFAULT_SCOPE = 'openid offline_access private:account';

/** Flags of every command that prints tokens. */
export const OUTPUT_OPTIONS = {
  json: { type: 'boolean' },
  'show-tokens': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Help text of {@link CLIENT_OPTIONS}; defaults are the library's own, cited rather than restated. */
export const CLIENT_HELP = `Client options (flags win over environment variables):
  --client-id ID            or GANB_CLIENT_ID
  --client-secret SECRET    or GANB_CLIENT_SECRET (prefer the variable: flags show in ps and shell history)
  --environment NAME        production | staging | sunabar, or GANB_ENVIRONMENT
  --base-url URL            instead of --environment (a proxy, the mock bank), or GANB_BASE_URL
  --issuer ISS              expected id_token iss (default: the environment's, else the base URL's origin)
  --auth-method METHOD      basic (default) | post, or GANB_AUTH_METHOD
  --timeout-ms MS           time limit of each request (default ${DEFAULT_TIMEOUT_MS})`;

/** Help text of {@link OUTPUT_OPTIONS}. */
export const OUTPUT_HELP = `Output options:
  --json                    print the result as one JSON object (errors as JSON on stderr)
  --show-tokens             print tokens in full (default: first 4 characters and …)
  -h, --help                show this help`;

/** Reads an integer flag of at least `min`; `undefined` when it was not given, so the library's default applies. */
export function integerFlag(values: Values, name: string, min = 1): number | undefined {
  const raw = stringFlag(values, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return Number(raw);
}

/**
 * Builds the token client from flags and `GANB_*` variables. `secretRequired: false` is for
 * `authorize-url`, which builds a URL and never sends the secret.
 */
export function clientFromFlags(values: Values, io: Io, options: { nonce?: NonceHooks; secretRequired?: boolean } = {}): TokenClient {
  const pick = (flag: string, variable: string) => stringFlag(values, flag) ?? (io.env[variable] || undefined);
  const clientId = pick('client-id', 'GANB_CLIENT_ID');
  if (!clientId) throw new UsageError('a client id is required: pass --client-id or set GANB_CLIENT_ID');
  if (stringFlag(values, 'client-secret') !== undefined) {
    io.err('warning: --client-secret is visible to other users in the process list and stays in shell history; prefer GANB_CLIENT_SECRET');
  }
  let clientSecret = pick('client-secret', 'GANB_CLIENT_SECRET');
  if (!clientSecret) {
    if (options.secretRequired !== false) throw new UsageError('a client secret is required: set GANB_CLIENT_SECRET (or pass --client-secret)');
    // Building a URL never uses the secret, but the client insists on one.
    clientSecret = 'unused-when-only-building-a-url';
  }
  const environment = pick('environment', 'GANB_ENVIRONMENT');
  const baseUrl = pick('base-url', 'GANB_BASE_URL');
  if (!environment && !baseUrl) {
    throw new UsageError('choose the bank: --environment production|staging|sunabar (or GANB_ENVIRONMENT), or --base-url');
  }
  const methodName = pick('auth-method', 'GANB_AUTH_METHOD') ?? 'basic';
  const authMethod = clientAuthMethodNamed(methodName);
  if (!authMethod) throw new UsageError('--auth-method must be basic or post');
  return createTokenClient({
    ...(environment ? { environment: environment as Environment } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(stringFlag(values, 'issuer') ? { issuer: stringFlag(values, 'issuer') } : {}),
    clientId,
    clientSecret,
    authMethod,
    timeoutMs: integerFlag(values, 'timeout-ms'),
    ...(options.nonce ? { nonce: options.nonce } : {}),
  });
}
