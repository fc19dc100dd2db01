#!/usr/bin/env node
// `npm run bench`: gmo-aozora-auth side by side with plain fetch, oauth4webapi and openid-client.
// The cases live in scripts/bench/cases/ (index.mjs lists them and says how to add one): per call
// (code exchange and refresh, with and without an HS256 id_token), a burst of concurrent
// exchanges, the cold-start import, the bundle size, the token manager's 200 callers, and 200
// callers in 4 processes on one Redis. The token server runs in its own process.
//
// It prints figures and asserts nothing: timings depend on the machine, which it names. Compare
// ratios from one run, not figures from different runs.
//
//   node scripts/bench.mjs [--quick] [--json] [--only=per-call,burst]
//   --quick (or BENCH_QUICK=1)  a few rounds of every case, as CI runs it so the script never rots
//   --json                      one JSON report on stdout instead of Markdown
//   --only=NAMES                run only these cases
//   --rounds=N --repeats=N      override a case's rounds (per call: calls; burst: bursts) and repeats
import { contenders, loadPackage } from './bench/contenders.mjs';
import { CASES } from './bench/cases/index.mjs';
import { machine, startTokenServer } from './bench/lib.mjs';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const asJson = process.argv.includes('--json');
const numberArg = (name) => {
  const value = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return value === undefined ? undefined : Number(value);
};
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const unknown = only?.filter((name) => !CASES.some((c) => c.name === name)) ?? [];
if (unknown.length) {
  console.error(`bench: no case named ${unknown.join(', ')} (cases: ${CASES.map((c) => c.name).join(', ')})`);
  process.exit(2);
}

const log = (text) => console.error(text);
const host = machine();
const server = await startTokenServer();
const report = { machine: host, quick, cases: {} };
try {
  let made;
  const context = {
    quick,
    rounds: numberArg('rounds'),
    repeats: numberArg('repeats'),
    origin: server.origin,
    lib: await loadPackage(),
    log,
    contenders: async () => (made ??= (await contenders(server.origin)).all),
  };
  for (const c of CASES) {
    if (only && !only.includes(c.name)) continue;
    log(`bench: ${c.name}…`);
    const { json, lines } = await c.run(context);
    report.cases[c.name] = json;
    if (!asJson) console.log(`${lines.join('\n')}\n`);
  }
} finally {
  await server.stop();
}
const machineLine = `machine: Node ${host.node}, ${host.platform}, ${host.cpuModel}, ${host.cores} cores, load average ${host.loadAverage.toFixed(2)} at start${quick ? ' (quick run: figures mean nothing)' : ''}`;
if (asJson) console.log(JSON.stringify(report, null, 2));
else console.log(machineLine);
