// The benchmark's cases, run in this order by scripts/bench.mjs. To add one, write a module here
// whose default export is
//
//   { name: 'my-case', async run(ctx) { …; return { json, lines } } }
//
// and list it below. `ctx` holds:
//   quick        true for the short run CI does (`--quick`, BENCH_QUICK=1): a few rounds, just
//                enough to show the case still works; never assert its timings
//   rounds, repeats  overrides from the command line (--rounds=N, --repeats=N), else undefined
//   origin       http://127.0.0.1:PORT of the token server process (scripts/bench/token-server.mjs)
//   lib          the built package, loaded as users load it
//   contenders() the per-call clients against that server (scripts/bench/contenders.mjs)
//   log(text)    progress on stderr
// `lines` is the case's Markdown (a table, as the README shows it); `json` goes under
// cases[name] of `--json`. Use lib.mjs's shuffled(), median(), quantile() and spread(): a fresh
// random order every round, three repeats in a full run and their spread.
import burst from './burst.mjs';
import importCost from './import.mjs';
import perCall from './per-call.mjs';
import redisInstances from './redis-instances.mjs';
import size from './size.mjs';
import tokenManager from './token-manager.mjs';

export const CASES = [perCall, burst, importCost, size, tokenManager, redisInstances];
