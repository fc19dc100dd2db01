// The published build (`npm run build` → dist/, by scripts/build.mjs). One ESM and one CommonJS
// file per public entry, each with its type declarations (.d.ts beside the ESM file, .d.cts
// beside the CJS file), so `import` and `require` both get types that describe what they load.
//
// - ESM: all library entries in one build with code splitting, so entries share one copy of the
//   client (an `OAuthError` thrown inside `./compat` is the `OAuthError` exported by `.`).
//   `jose` and `openapi-fetch` stay imports: users' bundlers dedupe and tree-shake them.
// - CommonJS: one build per entry (esbuild cannot split CJS). An import of another entry's
//   source becomes a `require()` of that entry's built file, for the same single copy.
//   - jose stays a `require()`/`import()` of jose's own ES module (its narrow subpaths): Node
//     >= 20.19, our engines floor, loads an ES module from CommonJS, and the user's install keeps
//     one jose to deduplicate and update rather than a copy inlined here.
//   - openapi-fetch is bundled, from its ESM source: its CommonJS build sets `exports.default`,
//     which Node-style interop hands over as the whole exports object, not the function
//     (test/runtime/node.test.ts caught "createClient is not a function" under require()).
// - Platforms: `.`, `./compat`, `./redis` and `./testing` are Web-API code for Node, edge runtimes, Deno and
//   Bun, and their CJS builds use the `neutral` platform (a Node builtin fails the build);
//   `./testing/node` and the CLI are Node code. The ESM build shares chunks between all library
//   entries, so it takes the `node` platform for `./testing/node`'s builtins; what keeps `.`,
//   `./compat`, `./redis` and `./testing` free of them is scripts/check-runtime-imports.mjs, which follows their built
//   graphs, dependencies included.
// - scripts/build.mjs then makes `require('gmo-aozora-auth/compat')` return the class itself.
import { dirname, relative, resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * Public library entries: output name under dist/ → source. Each entry is a folder's `index.ts`
 * and is built to the same path under dist/ (`./testing/node` → src/testing/node/index.ts →
 * dist/testing/node/index.js), so package.json `exports` mirror the source tree.
 */
const library: Record<string, string> = {
  index: 'src/index.ts',
  'compat/index': 'src/compat/index.ts',
  'redis/index': 'src/redis/index.ts',
  'testing/index': 'src/testing/index.ts',
  'testing/msw/index': 'src/testing/msw/index.ts',
  'testing/node/index': 'src/testing/node/index.ts',
};
/** Library entries that are Node code on purpose. */
const NODE_ENTRIES = new Set(['testing/node/index']);
/** The command-line tool (bin `gmo-aozora-auth`): ESM, Node only. It imports the library entries' built files, never their sources. */
const CLI_ENTRY = { cli: 'src/cli/index.ts' };

const common: Options = {
  // scripts/build.mjs builds into a fresh folder and swaps it in for dist/.
  outDir: process.env.GANB_BUILD_OUT_DIR ?? 'dist',
  target: 'es2022',
  sourcemap: false,
  minify: false,
  // Keep `node:` specifiers as written (engines: Node >= 20.19 has them all).
  removeNodeProtocol: false,
  // The configs below run in parallel into the same folder; none may empty it.
  clean: false,
};

/**
 * Makes imports of other entries' sources (e.g. `../index.js` in src/compat/ganb-lib.ts) imports of those
 * entries' built files, relative to `entry`'s output, so each entry's code exists once.
 */
function otherEntriesExternal(entry: string, extension: '.js' | '.cjs', entries: Record<string, string>): Plugin {
  const outputBySource = new Map(
    Object.entries(entries)
      .filter(([name]) => name !== entry)
      .map(([name, source]) => [resolve(source), name]),
  );
  return {
    name: 'other-entries-external',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const source = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        const output = outputBySource.get(source);
        if (output === undefined) return undefined;
        let path = relative(dirname(entry), output) + extension;
        if (!path.startsWith('.')) path = `./${path}`;
        return { path, external: true };
      });
    },
  };
}

export default defineConfig([
  { ...common, entry: library, platform: 'node', format: ['esm'], splitting: true, dts: true },
  ...Object.entries(library).map(
    ([name, source]): Options => ({
      ...common,
      entry: { [name]: source },
      platform: NODE_ENTRIES.has(name) ? 'node' : 'neutral',
      format: ['cjs'],
      dts: true,
      noExternal: ['openapi-fetch'],
      esbuildPlugins: [otherEntriesExternal(name, '.cjs', library)],
    }),
  ),
  ...Object.entries(CLI_ENTRY).map(
    ([name, source]): Options => ({
      ...common,
      entry: { [name]: source },
      platform: 'node',
      format: ['esm'],
      dts: false,
      esbuildPlugins: [otherEntriesExternal(name, '.js', library)],
    }),
  ),
]);
