// The clients compared, each as a function doing one token request against the bench server and
// returning the checked tokens: plain fetch (the floor), gmo-aozora-auth (the built package, as
// users load it), oauth4webapi and openid-client. Every one sends the same request: POST
// /token, client_secret_basic (RFC 6749 §2.3.1), form body, JSON answer.
import { jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import * as openid from 'openid-client';
import { CLIENT_ID, CLIENT_SECRET, CODE, NONCE, REDIRECT_URI, REFRESH_TOKEN } from './fixture.mjs';

/**
 * @typedef {object} Contender
 * @property {string} name        row label
 * @property {string} library     'fetch' | 'gmo-aozora-auth' | 'oauth4webapi' | 'openid-client'
 * @property {'code' | 'refresh'} grant
 * @property {boolean} idToken    whether the answer carries an HS256 id_token
 * @property {boolean} [floor]    the hand-written minimum the others are compared with
 * @property {() => Promise<unknown>} run
 */

/** Loads the built package through its own name, as an installed copy resolves (dist/). */
export async function loadPackage() {
  try {
    return await import('gmo-aozora-auth');
  } catch (error) {
    throw new Error(`bench: cannot load the built package (run \`npm run build\` first): ${error.message}`);
  }
}

/** All contenders against the server at `origin`. */
export async function contenders(origin) {
  const lib = await loadPackage();
  const plainUrl = `${origin}/auth/v1/token`;
  const oidcUrl = `${origin}/oidc/token`;
  const basic = `Basic ${btoa(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`)}`;
  const codeForm = () => new URLSearchParams({ grant_type: 'authorization_code', code: CODE, redirect_uri: REDIRECT_URI });

  // The floor: fetch, status check, JSON; with an id_token also jose's jwtVerify (key imported once).
  const post = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
    });
    if (response.status !== 200) throw new Error(`plain fetch: ${response.status}`);
    return response.json();
  };
  const hmacKey = await crypto.subtle.importKey('raw', new TextEncoder().encode(CLIENT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const postAndVerify = async (url, body) => {
    const tokens = await post(url, body);
    const { payload } = await jwtVerify(tokens.id_token, hmacKey, { algorithms: ['HS256'], issuer: origin, audience: CLIENT_ID });
    if (payload.nonce !== NONCE) throw new Error('plain fetch: nonce');
    return tokens;
  };

  const gmo = lib.createTokenClient({ baseUrl: `${origin}/auth/v1`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: false });
  const gmoOidc = lib.createTokenClient({
    baseUrl: `${origin}/oidc`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    retry: false,
    nonce: { save: () => undefined, check: (nonce) => nonce === NONCE },
  });

  const insecure = { [oauth.allowInsecureRequests]: true };
  const o4wAuth = oauth.ClientSecretBasic(CLIENT_SECRET);
  // oauth4webapi takes the callback parameters only as validated by validateAuthResponse (the
  // callback step, which gmo-aozora-auth's parseCallback does apart too): validated once here.
  const callbackUrl = new URL(`${REDIRECT_URI}?code=${CODE}`);
  const o4wCallback = (as, client) => oauth.validateAuthResponse(as, client, callbackUrl, oauth.skipStateCheck);
  const o4w = (tokenEndpoint, idToken) => {
    const as = { issuer: origin, token_endpoint: tokenEndpoint, ...(idToken ? { id_token_signing_alg_values_supported: ['HS256'] } : {}) };
    const client = { client_id: CLIENT_ID, ...(idToken ? { id_token_signed_response_alg: 'HS256' } : {}) };
    return { as, client, callback: o4wCallback(as, client) };
  };
  const o4wPlain = o4w(plainUrl, false);
  const o4wOidc = o4w(oidcUrl, true);
  const o4wCode = async ({ as, client, callback }, process) => {
    const response = await oauth.authorizationCodeGrantRequest(as, client, o4wAuth, callback, REDIRECT_URI, oauth.nopkce, insecure);
    return oauth.processAuthorizationCodeResponse(as, client, response, process);
  };
  const o4wRefresh = async ({ as, client }) =>
    oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, o4wAuth, REFRESH_TOKEN, insecure));

  const oidcConfig = (tokenEndpoint, idToken) => {
    const config = new openid.Configuration(
      { issuer: origin, token_endpoint: tokenEndpoint },
      CLIENT_ID,
      idToken ? { client_secret: CLIENT_SECRET, id_token_signed_response_alg: 'HS256' } : CLIENT_SECRET,
      openid.ClientSecretBasic(CLIENT_SECRET),
    );
    openid.allowInsecureRequests(config);
    return config;
  };
  const oidcPlain = oidcConfig(plainUrl, false);
  const oidcOidc = oidcConfig(oidcUrl, true);

  /** @type {Contender[]} */
  const all = [
    { name: 'fetch', library: 'fetch', grant: 'code', idToken: false, floor: true, run: () => post(plainUrl, codeForm()) },
    { name: 'fetch + jwtVerify', library: 'fetch', grant: 'code', idToken: true, floor: true, run: () => postAndVerify(oidcUrl, codeForm()) },
    {
      name: 'gmo exchangeCode',
      library: 'gmo-aozora-auth',
      grant: 'code',
      idToken: false,
      run: () => gmo.exchangeCode({ code: CODE, redirectUri: REDIRECT_URI }),
    },
    { name: 'gmo refresh', library: 'gmo-aozora-auth', grant: 'refresh', idToken: false, run: () => gmo.refresh({ refreshToken: REFRESH_TOKEN }) },
    {
      name: 'gmo exchangeCode + id_token',
      library: 'gmo-aozora-auth',
      grant: 'code',
      idToken: true,
      run: () => gmoOidc.exchangeCode({ code: CODE, redirectUri: REDIRECT_URI }),
    },
    {
      name: 'gmo refresh + id_token',
      library: 'gmo-aozora-auth',
      grant: 'refresh',
      idToken: true,
      run: () => gmoOidc.refresh({ refreshToken: REFRESH_TOKEN }),
    },
    { name: 'oauth4webapi code', library: 'oauth4webapi', grant: 'code', idToken: false, run: () => o4wCode(o4wPlain) },
    { name: 'oauth4webapi refresh', library: 'oauth4webapi', grant: 'refresh', idToken: false, run: () => o4wRefresh(o4wPlain) },
    {
      name: 'oauth4webapi code + id_token*',
      library: 'oauth4webapi',
      grant: 'code',
      idToken: true,
      run: () => o4wCode(o4wOidc, { expectedNonce: NONCE, requireIdToken: true }),
    },
    { name: 'openid-client code', library: 'openid-client', grant: 'code', idToken: false, run: () => openid.authorizationCodeGrant(oidcPlain, callbackUrl) },
    {
      name: 'openid-client refresh',
      library: 'openid-client',
      grant: 'refresh',
      idToken: false,
      run: () => openid.refreshTokenGrant(oidcPlain, REFRESH_TOKEN),
    },
    {
      name: 'openid-client code + id_token*',
      library: 'openid-client',
      grant: 'code',
      idToken: true,
      run: () => openid.authorizationCodeGrant(oidcOidc, callbackUrl, { expectedNonce: NONCE, idTokenExpected: true }),
    },
  ];
  return { lib, all };
}

/** Footnote for the rows marked *: what those libraries check of an id_token. */
export const ID_TOKEN_FOOTNOTE =
  '* oauth4webapi and openid-client check the id_token claims but, for an answer from the token endpoint over TLS, not its signature (OIDC Core §3.1.3.7 allows that); gmo-aozora-auth and the floor verify the HS256 signature too.';
