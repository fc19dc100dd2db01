import { servers } from '../generated/spec-values.js';
import { ConfigurationError } from './errors.js';

/** The bank's environments, from the spec's `servers`. */
export type Environment = (typeof servers)[number]['environment'];

/** Where requests go and which issuer id_tokens must carry. */
export interface Endpoint {
  readonly baseUrl: string;
  readonly issuer: string;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** True for hosts that never leave this machine, where plain http is acceptable. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/**
 * Resolves `environment` / `baseUrl` / `issuer` into an endpoint. `baseUrl` overrides the
 * environment's server (a proxy, the mock bank); the expected issuer is, in order: `issuer`,
 * the environment's published issuer, the origin of the base URL (which is what the bank's
 * published issuers are for production and staging; sunabar publishes none).
 */
export function resolveEndpoint(options: { environment?: unknown; baseUrl?: unknown; issuer?: unknown }): Endpoint {
  const { environment, baseUrl, issuer } = options;
  let server: (typeof servers)[number] | undefined;
  if (environment !== undefined) {
    server = servers.find((s) => s.environment === environment);
    if (!server) throw new ConfigurationError('environment', `must be one of ${servers.map((s) => `'${s.environment}'`).join(', ')}`);
  }
  if (baseUrl === undefined && !server) throw new ConfigurationError('environment', 'or baseUrl is required');
  let url: URL;
  try {
    url = new URL(baseUrl === undefined ? server!.url : String(baseUrl));
  } catch {
    throw new ConfigurationError('baseUrl', 'must be an absolute URL such as https://api.gmo-aozora.com/ganb/api/auth/v1');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigurationError('baseUrl', 'must use https (plain http only on a loopback address): the client secret travels with every request');
  }
  if (url.search || url.hash) throw new ConfigurationError('baseUrl', 'must not carry a query or fragment');
  // A password in the URL would show in the authorization URL, `config`, events and errors.
  if (url.username || url.password)
    throw new ConfigurationError('baseUrl', 'must not carry a user name or password; the client authenticates with clientId and clientSecret');
  if (issuer !== undefined && (typeof issuer !== 'string' || issuer.length === 0)) throw new ConfigurationError('issuer', 'must be a non-empty string');
  const serverIssuer = server && 'idTokenIssuer' in server ? server.idTokenIssuer : undefined;
  return {
    baseUrl: url.href.replace(/\/+$/, ''),
    issuer: (issuer as string | undefined) ?? serverIssuer ?? url.origin,
  };
}
