// Per call: one token request after another, every contender once per round in a fresh random
// order, medians and p90 per contender, each repeat's median compared with its floor (plain fetch,
// or fetch + jwtVerify for the answers with an id_token) from the same repeat.
import { performance } from 'node:perf_hooks';
import { ID_TOKEN_FOOTNOTE } from '../contenders.mjs';
import { median, quantile, range, shuffled, spread } from '../lib.mjs';

export default {
  name: 'per-call',
  async run({ quick, rounds: roundsOption, repeats: repeatsOption, contenders, log }) {
    const rounds = roundsOption ?? (quick ? 20 : 2000);
    const warmup = quick ? 5 : 200;
    const repeats = repeatsOption ?? (quick ? 1 : 3);
    const all = await contenders();
    const floorOf = (c) => all.find((f) => f.floor && f.idToken === c.idToken);

    const perRepeat = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      const samples = new Map(all.map((c) => [c, []]));
      for (let round = 0; round < warmup + rounds; round++) {
        for (const c of shuffled(all)) {
          const started = performance.now();
          await c.run();
          const elapsed = performance.now() - started;
          if (round >= warmup) samples.get(c).push(elapsed);
        }
      }
      perRepeat.push(new Map(all.map((c) => [c, { median: median(samples.get(c)), p90: quantile(samples.get(c), 0.9) }])));
      log(`  per-call: repeat ${repeat + 1}/${repeats} done`);
    }

    const rows = all.map((c) => {
      const floor = floorOf(c);
      const medians = perRepeat.map((r) => r.get(c).median);
      const overUs = perRepeat.map((r) => (r.get(c).median - r.get(floor).median) * 1000);
      const ratios = perRepeat.map((r) => r.get(c).median / r.get(floor).median);
      return {
        name: c.name,
        library: c.library,
        grant: c.grant,
        idToken: c.idToken,
        floor: floor.name,
        medianMs: median(medians),
        p90Ms: median(perRepeat.map((r) => r.get(c).p90)),
        overFloorUs: spread(overUs),
        ratioToFloor: spread(ratios),
      };
    });

    const lines = [
      `per call: ${rounds} rounds × ${repeats} repeat(s) after ${warmup} warm-up rounds, every contender once per round in a fresh random order`,
      '',
      '| call | median | p90 | over its floor | × floor |',
      '|---|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${(r.medianMs * 1000).toFixed(0)} µs | ${(r.p90Ms * 1000).toFixed(0)} µs | ${r.name === r.floor ? '(floor)' : `${range(r.overFloorUs, 0, { sep: '…', signed: true })} µs`} | ${range(r.ratioToFloor)}× |`,
      ),
      '',
      `Floor of a row: \`fetch\` for answers without an id_token, \`fetch + jwtVerify\` with one. ${ID_TOKEN_FOOTNOTE}`,
    ];
    return { json: { rounds, warmup, repeats, rows }, lines };
  },
};
