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

    const burst = async (c) => {
      const started = performance.now();
      const results = await Promise.allSettled(Array.from({ length: size }, () => c.run()));
      const elapsed = performance.now() - started;
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw new Error(`bench: ${c.name} failed in a burst of ${size}: ${failed.reason?.message ?? failed.reason}`);
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
    }));
    const lines = [
      `burst: ${size} concurrent code exchanges, time until all settle; median of ${rounds} bursts × ${repeats} repeat(s), random order`,
      '',
      '| burst | median | × fetch |',
      '|---|---:|---:|',
      ...rows.map((r) => `| ${r.name} | ${r.medianMs.toFixed(1)} ms | ${range(r.ratioToFloor)}× |`),
    ];
    return { json: { size, rounds, repeats, rows }, lines };
  },
};
