// A burst: N code exchanges started at once, timed until the last one settles; each contender's
// bursts interleaved in a fresh random order, compared with plain fetch's from the same repeat.
import { performance } from 'node:perf_hooks';
import { median, range, shuffled, spread } from '../lib.mjs';

const IN_BURST = new Set(['fetch', 'gmo exchangeCode', 'oauth4webapi code', 'openid-client code']);

export default {
  name: 'burst',
  async run({ quick, rounds: roundsOption, repeats: repeatsOption, contenders, log }) {
    const size = quick ? 50 : 1000;
    const rounds = roundsOption ?? (quick ? 1 : 5);
    const repeats = repeatsOption ?? (quick ? 1 : 3);
    const all = (await contenders()).filter((c) => IN_BURST.has(c.name));
    const floor = all.find((c) => c.floor);

    // A call that fails in a burst (a reset connection on a loaded machine) is counted and its
    // first reason kept, not fatal: the row then says so, and its time is not comparable.
    const failures = new Map(all.map((c) => [c, { count: 0, first: undefined }]));
    const burst = async (c) => {
      const started = performance.now();
      const results = await Promise.allSettled(Array.from({ length: size }, () => c.run()));
      const elapsed = performance.now() - started;
      for (const r of results) {
        if (r.status !== 'rejected') continue;
        const f = failures.get(c);
        f.count++;
        f.first ??= String(r.reason?.cause?.code ?? r.reason?.cause?.message ?? r.reason?.message ?? r.reason);
      }
      return elapsed;
    };

    // One warm-up burst each, so connection pools and JIT start even.
    for (const c of all) await burst(c);
    const perRepeat = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      const samples = new Map(all.map((c) => [c, []]));
      for (let round = 0; round < rounds; round++) for (const c of shuffled(all)) samples.get(c).push(await burst(c));
      perRepeat.push(new Map(all.map((c) => [c, median(samples.get(c))])));
      log(`  burst: repeat ${repeat + 1}/${repeats} done`);
    }

    const rows = all.map((c) => ({
      name: c.name,
      library: c.library,
      medianMs: median(perRepeat.map((r) => r.get(c))),
      ratioToFloor: spread(perRepeat.map((r) => r.get(c) / r.get(floor))),
      failedCalls: failures.get(c).count,
      firstFailure: failures.get(c).first,
    }));
    const lines = [
      `burst: ${size} concurrent code exchanges, time until all settle; median of ${rounds} bursts × ${repeats} repeat(s), random order`,
      '',
      '| burst | median | × fetch |',
      '|---|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.medianMs.toFixed(1)} ms | ${range(r.ratioToFloor)}×${r.failedCalls ? ` (${r.failedCalls} calls failed: ${r.firstFailure})` : ''} |`,
      ),
    ];
    return { json: { size, rounds, repeats, rows }, lines };
  },
};
