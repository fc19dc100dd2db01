// The token manager's 200-caller case: 200 concurrent accessToken() calls of one session whose
// access token is inside the refresh window, against the rotating mock bank on loopback. Reports
// how many refresh requests the bank saw per burst (the manager promises exactly 1) and the time
// until all 200 callers settle; then the same burst as raw client.refresh() calls, to show what
// the manager prevents (every call is a request, and the reused refresh token revokes the grant).
//
// `node scripts/bench.mjs --only=token-manager` runs it alone.
import { performance } from 'node:perf_hooks';
import { median } from '../lib.mjs';

const CALLERS = 200;
const REDIRECT_URI = 'http://127.0.0.1/callback';

async function signIn(auth, approveAuthorization) {
  const { url, state } = await auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: 'openid private:account offline_access' });
  const { code } = auth.parseCallback(await approveAuthorization(url), { expectedState: state });
  return auth.exchangeCode({ code, redirectUri: REDIRECT_URI });
}

const tokenManagerCase = {
  name: 'token-manager',
  async run({ quick, lib, log }) {
    const { createMockBank, MOCK_CLIENT, approveAuthorization } = await import('gmo-aozora-auth/testing');
    const { startMockBankServer } = await import('gmo-aozora-auth/testing/node');
    const rounds = quick ? 2 : 20;
    // Tokens live 30 s and the window is 60 s: every stored token is due for renewal at once.
    const server = await startMockBankServer({ bank: createMockBank({ accessTokenTtlSec: 30 }) });
    const refreshes = () => server.bank.requests.filter((r) => r.endpoint === 'token' && r.form?.grant_type === 'refresh_token').length;
    const accepted = async (token) => (await fetch(server.accountsUrl, { headers: { 'x-access-token': token } })).status === 200;
    try {
      const auth = lib.createTokenClient({ baseUrl: server.baseUrl, clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret });
      const manager = lib.createTokenManager({ client: auth, refreshWindowSec: 60 });
      await manager.save('session', await signIn(auth, approveAuthorization));

      const bursts = [];
      for (let round = 0; round < rounds; round++) {
        const before = refreshes();
        const started = performance.now();
        const tokens = await Promise.all(Array.from({ length: CALLERS }, () => manager.accessToken('session')));
        const settleMs = performance.now() - started;
        const distinct = new Set(tokens).size;
        const alive = await accepted(tokens[0]);
        bursts.push({ requests: refreshes() - before, settleMs, distinct, alive });
      }
      log(`  token-manager: ${rounds} bursts done`);

      // The same burst without the manager: every caller refreshes with the one stored refresh token.
      const raw = await signIn(auth, approveAuthorization);
      const before = refreshes();
      const started = performance.now();
      const results = await Promise.allSettled(Array.from({ length: CALLERS }, () => auth.refresh({ refreshToken: raw.tokens.refresh_token })));
      const rawSettleMs = performance.now() - started;
      const winners = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
      const rawRow = {
        requests: refreshes() - before,
        succeeded: winners.length,
        winnerStillAccepted: winners.length > 0 && (await accepted(winners[0].tokens.access_token)),
        settleMs: rawSettleMs,
      };

      const requests = [...new Set(bursts.map((b) => b.requests))];
      const json = {
        callers: CALLERS,
        rounds,
        manager: {
          refreshRequestsPerBurst: requests,
          sameTokenForAllCallers: bursts.every((b) => b.distinct === 1),
          grantStillActive: bursts.every((b) => b.alive),
          medianSettleMs: median(bursts.map((b) => b.settleMs)),
          maxSettleMs: Math.max(...bursts.map((b) => b.settleMs)),
        },
        withoutManager: rawRow,
      };
      const lines = [
        `token-manager: ${CALLERS} concurrent accessToken() calls of one session inside the refresh window, rotating mock bank on loopback; ${rounds} bursts`,
        '',
        '| | refresh requests the bank saw | callers with a working token | time to settle |',
        '|---|---:|---:|---:|',
        `| createTokenManager | ${requests.join(', ')} per burst | ${json.manager.sameTokenForAllCallers && json.manager.grantStillActive ? `${CALLERS} (one token, grant active)` : 'SOME FAILED'} | median ${json.manager.medianSettleMs.toFixed(1)} ms (max ${json.manager.maxSettleMs.toFixed(1)}) |`,
        `| ${CALLERS} × client.refresh() | ${rawRow.requests} | ${rawRow.winnerStillAccepted ? rawRow.succeeded : 0} (${rawRow.succeeded} answered, grant ${rawRow.winnerStillAccepted ? 'active' : 'revoked by the reuse'}) | ${rawRow.settleMs.toFixed(1)} ms |`,
      ];
      return { json, lines };
    } finally {
      await server.close();
    }
  },
};

export default tokenManagerCase;
