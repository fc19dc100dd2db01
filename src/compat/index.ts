/**
 * `gmo-aozora-auth/compat` — a drop-in replacement for the `GanbLib` class of the bank's old
 * Node SDK (`gmo-aozora-api-nodejs`), built on `createTokenClient`. Code written for the old SDK
 * keeps running with only the `require`/`import` path changed; the old SDK's defects (logging
 * of secrets, both client authentication methods on refresh, retried `invalid_grant`, an
 * unkeyed state, `false` instead of errors) are fixed. Runtime code uses Web APIs only.
 *
 * ```js
 * const GanbLib = require('gmo-aozora-auth/compat'); // CommonJS: the class itself
 * import GanbLib from 'gmo-aozora-auth/compat';      // ESM: default export (also named `GanbLib`)
 * ```
 *
 * See `docs/migrating-from-ganblib.md` for each old call beside its `createTokenClient`
 * equivalent.
 *
 * @packageDocumentation
 */
import { GanbLib } from './ganb-lib.js';

export { GanbLib };
export type {
  GanbLibOptions,
  GanbAuthMethod,
  NonceCallbacks,
  GetTokenParams,
  TokenResponse,
  OpenIDTokenResponse,
  GanbOAuth,
  GanbOpenID,
  GanbStateChecks,
} from './ganb-lib.js';

export default GanbLib;
