#!/usr/bin/env node
// `npm run size`: how many bytes `import { createTokenClient } from 'gmo-aozora-auth'` adds to a
// user's bundle, openapi-fetch and the jose parts included. It bundles that import from the
// built package (dist/, resolved through package.json `exports` as an installed copy would be)
// for an edge runtime, minifies it, gzips it, and fails over the budget.
//
// The budget is the measurement when it was set plus about 10%: raise it deliberately, in the
// same commit as the change that needs it, and update the figure in the README.
import { relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { bundleAsInstalled, root } from './edge-bundle.mjs';

/**
 * Minified + gzipped bytes allowed for `import { createTokenClient }` (measured 15 843 on
 * 2026-11-25; 18 118 after redaction learned every spelling a server may echo a secret in;
 * 18 261 with jose's verifier loaded lazily from its subpath; 18 837 once one abortable sleep,
 * one code-point length and one positive-number check serve every entry, from src/shared/). The floor of the design,
 * openapi-fetch + jose `jwtVerify`, is 7.7 kB (`npm run bench` measures it).
 */
const BUDGET = 19_000;
// `--budget=N` overrides it, for checking that the script fails over a budget.
const budgetArg = process.argv.find((a) => a.startsWith('--budget='));
const BUDGET_GZIP_BYTES = budgetArg ? Number(budgetArg.slice('--budget='.length)) : BUDGET;

const what = "import { createTokenClient } from 'gmo-aozora-auth'";

let result;
try {
  result = await bundleAsInstalled(`export { createTokenClient } from 'gmo-aozora-auth';`, { format: 'esm', minify: true, metafile: true });
} catch (error) {
  console.error(`size: could not bundle \`${what}\` (run \`npm run build\` first?):\n${error.message}`);
  process.exit(2);
}

const code = result.outputFiles[0].contents;
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// Minified bytes by package, to show where the size comes from.
const byPackage = new Map();
for (const output of Object.values(result.metafile.outputs)) {
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const file = relative(root, input.replace(/^.*?node_modules\/gmo-aozora-auth\//, `${root}/`));
    const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? 'gmo-aozora-auth';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`size: ${what}`);
console.log(`  minified ${code.length} B (${kb(code.length)}), gzip ${gzip} B (${kb(gzip)}), brotli ${brotli} B (${kb(brotli)})`);
for (const [pkg, bytes] of [...byPackage].sort((a, b) => b[1] - a[1])) console.log(`    ${pkg.padEnd(18)} ${String(bytes).padStart(6)} B minified`);
if (gzip > BUDGET_GZIP_BYTES) {
  console.error(
    `size: ${gzip} B gzipped is over the budget of ${BUDGET_GZIP_BYTES} B. Find what grew (above), or raise BUDGET in scripts/size.mjs on purpose and update the README figure.`,
  );
  process.exit(1);
}
console.log(`  within the budget of ${BUDGET_GZIP_BYTES} B gzipped (${Math.round((gzip / BUDGET_GZIP_BYTES) * 100)}%).`);
