#!/usr/bin/env node
// The benchmark's bank stand-in, run as its own process (scripts/bench/token-server.mjs) so its
// work never shares the event loop with the clients being timed. Listens on 127.0.0.1, prints
// `{"port":N}` on stdout once ready, and exits when its stdin closes (the parent ended).
//
//   POST …/token       → a fixed token JSON (OAuth 2.0 only)
//   POST …/oidc/token  → the same plus an HS256 id_token signed with the client secret, re-signed
//                        every 30 s so its `iat` never gets older than the clients accept
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { CLIENT_ID, CLIENT_SECRET, NONCE } from './fixture.mjs';

const TOKENS = {
  access_token: 'access-bench',
  token_type: 'Bearer',
  expires_in: 2592000,
  refresh_token: 'refresh-bench',
  scope: 'private:account offline_access',
};
const HEADERS = { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' };

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
let issuer = '';
let oidcBody = '';
let signedAt = 0;
function oidcAnswer() {
  const now = Math.floor(Date.now() / 1000);
  if (now - signedAt >= 30) {
    signedAt = now;
    const input = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ iss: issuer, sub: 'user-bench', aud: CLIENT_ID, azp: CLIENT_ID, nonce: NONCE, iat: now, exp: now + 3600 })}`;
    const idToken = `${input}.${createHmac('sha256', CLIENT_SECRET).update(input).digest('base64url')}`;
    oidcBody = JSON.stringify({ ...TOKENS, scope: 'openid private:account offline_access', id_token: idToken });
  }
  return oidcBody;
}
const plainBody = JSON.stringify(TOKENS);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url.endsWith('/token')) return void res.writeHead(404).end();
    res.writeHead(200, HEADERS).end(req.url.endsWith('/oidc/token') ? oidcAnswer() : plainBody);
  });
});
// The clients close idle connections first (undici after 4 s): a server closing them while a
// burst reuses them would reset calls (ECONNRESET, UND_ERR_SOCKET) and time the resets.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
// A deep backlog: the burst case opens a thousand connections at once.
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
