// How an edge bundler (Next.js/Vercel Edge, Cloudflare Workers, Netlify Edge) sees this package:
// esbuild settings shared by scripts/size.mjs, scripts/check-runtime-imports.mjs and
// test/runtime/edge-runtime.test.ts, so the three measure and run the same resolution.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = resolve(fileURLToPath(import.meta.url), '../..');

/** esbuild options of an edge bundle: no Node platform, edge runtimes' export conditions. */
export const EDGE_BUILD_OPTIONS = {
  bundle: true,
  write: false,
  platform: 'neutral',
  target: 'es2022',
  mainFields: ['module', 'main'],
  conditions: ['edge-light', 'workerd', 'worker'],
  logLevel: 'silent',
};

/**
 * Bundles `source` (a module importing 'gmo-aozora-auth…') as an app that installed this package
 * would: from a folder whose node_modules/gmo-aozora-auth is this checkout, so imports resolve
 * through package.json `exports` to dist/ (and not through tsconfig paths to src/).
 * `options` are more esbuild options (format, minify, metafile, globalName …).
 */
export async function bundleAsInstalled(source, options = {}) {
  const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const consumer = mkdtempSync(join(tmpdir(), `${name}-edge-`));
  try {
    mkdirSync(join(consumer, 'node_modules'));
    symlinkSync(root, join(consumer, 'node_modules', name), 'dir');
    return await build({ ...EDGE_BUILD_OPTIONS, ...options, stdin: { contents: source, resolveDir: consumer, loader: 'js' } });
  } finally {
    rmSync(consumer, { recursive: true, force: true });
  }
}
