#!/usr/bin/env node
// `npm run bench`: what the client costs on top of the HTTP request it makes.
//
// Starts a loopback POST /token server (node:http) that answers a fixed, valid token JSON, and
// times, interleaved in one run after a warm-up:
// - `exchangeCode` and `refresh` of the built package (dist/, loaded as users load it), and
// - a plain `fetch` of the same form request (same headers, same body, JSON parsed),
// so the three share the machine's state at every moment. Reports the median (and p90) per
// call and each call's ratio to plain fetch. Then times importing the package in fresh
// processes (`import()` and `require()`), median of several.
//
// It prints figures and asserts nothing: timings depend on the machine. Quote them with the
// machine line it prints. Options: --rounds=N (default 3000), --warmup=N (default 300),
// --imports=N fresh processes per import style (default 15), --json.
import { createServer } from 'node:http';
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, platform, arch } from 'node:os';
import { performance } from 'node:perf_hooks';

const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const ROUNDS = arg('rounds', 3000);
const WARMUP = arg('warmup', 300);
const IMPORTS = arg('imports', 15);
const asJson = process.argv.includes('--json');

const CLIENT_ID = 'bench-client';
const CLIENT_SECRET = 'bench-secret-0123456789';
const REDIRECT_URI = 'https://bff.example.com/callback';
const TOKENS = JSON.stringify({
  access_token: 'access-bench',
  token_type: 'Bearer',
  expires_in: 2592000,
  refresh_token: 'refresh-bench',
  scope: 'private:account offline_access',
});

// The bank stand-in: reads the whole form body, answers the same token JSON every time.
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url.endsWith('/token')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' }).end(TOKENS);
  });
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const baseUrl = `http://127.0.0.1:${server.address().port}/auth/v1`;

let lib;
try {
  lib = await import('gmo-aozora-auth'); // self-reference: package.json exports → dist/
} catch (error) {
  console.error(`bench: cannot load the built package (run \`npm run build\` first): ${error.message}`);
  process.exit(2);
}
const client = lib.createTokenClient({ baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: false });

// The same request, by hand: client_secret_basic (RFC 6749 §2.3.1), form body, JSON answer.
const basic = `Basic ${btoa(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`)}`;
const plainFetch = async () => {
  const response = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: 'code-bench', redirect_uri: REDIRECT_URI }),
  });
  if (response.status !== 200) throw new Error(`plain fetch: ${response.status}`);
  return response.json();
};

const cases = {
  'plain fetch': plainFetch,
  exchangeCode: () => client.exchangeCode({ code: 'code-bench', redirectUri: REDIRECT_URI }),
  refresh: () => client.refresh({ refreshToken: 'refresh-bench' }),
};
const names = Object.keys(cases);
const samples = Object.fromEntries(names.map((n) => [n, []]));

for (let round = 0; round < WARMUP + ROUNDS; round++) {
  // Rotate the order every round so no case always runs first (or right after another).
  for (let i = 0; i < names.length; i++) {
    const name = names[(round + i) % names.length];
    const started = performance.now();
    await cases[name]();
    const elapsed = performance.now() - started;
    if (round >= WARMUP) samples[name].push(elapsed);
  }
}
await new Promise((ok) => server.close(ok));

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const calls = Object.fromEntries(names.map((n) => [n, { medianMs: quantile(samples[n], 0.5), p90Ms: quantile(samples[n], 0.9) }]));
const baseline = calls['plain fetch'].medianMs;
for (const n of names) calls[n].ratioToPlainFetch = calls[n].medianMs / baseline;

// Import cost: a fresh Node process per sample, timing only the import itself.
const importTimes = (code, type) => {
  const times = [];
  for (let i = 0; i < IMPORTS; i++) {
    const child = spawnSync(process.execPath, ['--input-type', type, '-e', code], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`bench: import timing failed:\n${child.stderr}`);
    times.push(Number(child.stdout));
  }
  return { medianMs: quantile(times, 0.5), p90Ms: quantile(times, 0.9) };
};
const imports = {
  // Baseline: the ESM loader's own first-import cost, with an empty module.
  'import() of an empty module': importTimes(
    "const t = performance.now(); await import('data:text/javascript,'); process.stdout.write(String(performance.now() - t));",
    'module',
  ),
  "import('gmo-aozora-auth')": importTimes(
    "const t = performance.now(); await import('gmo-aozora-auth'); process.stdout.write(String(performance.now() - t));",
    'module',
  ),
  "require('gmo-aozora-auth')": importTimes(
    "const t = performance.now(); require('gmo-aozora-auth'); process.stdout.write(String(performance.now() - t));",
    'commonjs',
  ),
};

const machine = { node: process.version, platform: `${platform()} ${arch()}`, cpus: availableParallelism(), cpuModel: cpus()[0]?.model.trim() ?? 'unknown' };

if (asJson) {
  console.log(JSON.stringify({ machine, rounds: ROUNDS, warmup: WARMUP, calls, imports }, null, 2));
} else {
  const ms = (v) => `${v.toFixed(3)} ms`;
  console.log(`bench: loopback POST /token, ${ROUNDS} interleaved rounds after ${WARMUP} warm-up`);
  console.log(`machine: Node ${machine.node}, ${machine.platform}, ${machine.cpus} CPUs (${machine.cpuModel})`);
  console.log('');
  console.log('call           median      p90         vs plain fetch');
  for (const n of names)
    console.log(`${n.padEnd(14)} ${ms(calls[n].medianMs).padEnd(11)} ${ms(calls[n].p90Ms).padEnd(11)} ${calls[n].ratioToPlainFetch.toFixed(2)}×`);
  console.log('');
  console.log(`import cost (fresh process, median of ${IMPORTS})`);
  for (const [what, t] of Object.entries(imports)) console.log(`${what.padEnd(28)} ${ms(t.medianMs).padEnd(11)} p90 ${ms(t.p90Ms)}`);
}
