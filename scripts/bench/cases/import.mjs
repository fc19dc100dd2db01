// Cold start: the time `import()` or `require()` of each package takes in a fresh Node process
// (timed inside that process, around the import alone), samples interleaved in random order.
import { spawn } from 'node:child_process';
import { median, quantile, range, shuffled, spread } from '../lib.mjs';
import { root } from '../../edge-bundle.mjs';

const timed = (load) => `const t = performance.now(); ${load}; process.stdout.write(String(performance.now() - t));`;
const ENTRIES = [
  { name: 'import() of an empty module', type: 'module', code: timed("await import('data:text/javascript,')") },
  ...['gmo-aozora-auth', 'oauth4webapi', 'openid-client'].flatMap((pkg) => [
    { name: `import('${pkg}')`, package: pkg, type: 'module', code: timed(`await import('${pkg}')`) },
    { name: `require('${pkg}')`, package: pkg, type: 'commonjs', code: timed(`require('${pkg}')`) },
  ]),
];
const BASELINE = "import('oauth4webapi')";

function sample({ type, code }) {
  return new Promise((resolve, reject) => {
    // From the package root, so 'gmo-aozora-auth' resolves through its own exports (dist/).
    const child = spawn(process.execPath, ['--input-type', type, '-e', code], { cwd: root });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('exit', (status) => (status === 0 ? resolve(Number(out)) : reject(new Error(`bench: import timing failed:\n${err}`))));
  });
}

export default {
  name: 'import',
  async run({ quick, log }) {
    const samples = quick ? 1 : 15;
    const repeats = quick ? 1 : 3;
    const perRepeat = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      const times = new Map(ENTRIES.map((e) => [e, []]));
      // One at a time: parallel processes would time each other.
      for (let i = 0; i < samples; i++) for (const e of shuffled(ENTRIES)) times.get(e).push(await sample(e));
      perRepeat.push(new Map(ENTRIES.map((e) => [e, { median: median(times.get(e)), p90: quantile(times.get(e), 0.9) }])));
      log(`  import: repeat ${repeat + 1}/${repeats} done`);
    }
    const baseline = ENTRIES.find((e) => e.name === BASELINE);
    const rows = ENTRIES.map((e) => ({
      name: e.name,
      medianMs: median(perRepeat.map((r) => r.get(e).median)),
      p90Ms: median(perRepeat.map((r) => r.get(e).p90)),
      ratioToOauth4webapi: spread(perRepeat.map((r) => r.get(e).median / r.get(baseline).median)),
    }));
    const lines = [
      `cold start: import in a fresh process, median of ${samples} processes × ${repeats} repeat(s), random order`,
      '',
      `| import | median | p90 | × ${BASELINE} |`,
      '|---|---:|---:|---:|',
      ...rows.map((r) => `| ${r.name} | ${r.medianMs.toFixed(1)} ms | ${r.p90Ms.toFixed(1)} ms | ${range(r.ratioToOauth4webapi)}× |`),
    ];
    return { json: { samples, repeats, rows }, lines };
  },
};
