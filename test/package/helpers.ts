// Helpers for the tests of the built package (test/package, test/runtime): they test dist/ and
// the packed tarball, as users get them, not src/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

export const root = resolve(import.meta.dirname, '../..');
export const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | { import: { types: string; default: string }; require: { types: string; default: string } }>;
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: Record<string, string>;
};

/** The ESM files `exports` publishes; each is built from src/ at the same path (dist/a/b.js ← src/a/b.ts). */
export function publishedModules(): { dist: string; src: string }[] {
  return Object.values(pkg.exports)
    .filter((target) => typeof target === 'object')
    .map((target) => {
      const dist = target.import.default.replace(/^\.\//, '');
      return { dist, src: dist.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts') };
    });
}

/**
 * Throws unless dist/ holds a build at least as new as the src/ files it is built from: these
 * tests check what would be published, and a stale build would check old code. `npm test`
 * builds right before vitest. (Only the published entries' import graphs count, so work in
 * progress elsewhere in src/ does not make the build look stale.)
 */
export function assertFreshBuild(): void {
  const modules = publishedModules();
  const missing = modules.filter((m) => !existsSync(join(root, m.dist)));
  if (missing.length) throw new Error(`${missing.map((m) => m.dist).join(', ')} missing: run \`npm run build\` (npm test does) before these tests.`);
  const { metafile } = buildSync({
    entryPoints: modules.map((m) => join(root, m.src)),
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'node',
    outdir: 'unused',
    absWorkingDir: root,
    logLevel: 'silent',
  });
  const built = Math.min(...modules.map((m) => statSync(join(root, m.dist)).mtimeMs));
  const newer = Object.keys(metafile.inputs).filter((input) => statSync(join(root, input)).mtimeMs > built + 1);
  if (newer.length) throw new Error(`dist/ is older than ${newer.slice(0, 3).join(', ')}: run \`npm run build\` (npm test does) before these tests.`);
}

export interface PackedInstall {
  /** The consumer project; `node_modules/gmo-aozora-auth` is the unpacked tarball. */
  dir: string;
  /** Paths in the tarball, relative to the package root. */
  files: string[];
  cleanup(): void;
}

/**
 * Packs the package with `npm pack` and unpacks it into a fresh consumer project, as `npm install`
 * of the tarball would, except that the dependencies and peer dependencies are linked from this
 * checkout's node_modules (no registry access). Only what `files` publishes is there.
 */
export function packedInstall(): PackedInstall {
  assertFreshBuild();
  const dir = mkdtempSync(join(tmpdir(), 'gmo-aozora-auth-packed-'));
  try {
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [report] = JSON.parse(out) as [{ filename: string; files: { path: string }[] }];
    const target = join(dir, 'node_modules', pkg.name);
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, report.filename), '-C', target, '--strip-components=1']);
    // Dependencies and peers (msw, for ./testing), as a user who installed them has them.
    for (const dependency of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {})]) {
      const path = join(dir, 'node_modules', dependency);
      mkdirSync(resolve(path, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', dependency), path, 'dir');
    }
    return { dir, files: report.files.map((f) => f.path).sort(), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
