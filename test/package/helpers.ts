// Helpers for the tests of the built package (test/package, test/runtime): they test dist/ and
// the packed tarball, as users get them, not src/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
  files: string[];
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

/** The files `npm pack` reads, with their sizes and times: they change whenever the tarball would. */
function packInputsKey(): string {
  const hash = createHash('sha256').update(readFileSync(join(root, 'package.json')));
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    else hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  // What `files` lists, plus what npm packs whatever it says.
  for (const entry of [...pkg.files, 'README.md', 'LICENSE']) visit(join(root, entry));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The packed install of the current build, made once and shared by every test file that only
 * reads it (vitest runs each file in its own worker, so a `beforeAll` cannot share it). Each
 * user writes its own files in a subfolder of `dir`, whose `node_modules` they resolve through.
 * It is kept in the system temp folder, next to nothing of this checkout, so a dependency the
 * tarball forgets is not found by walking up into the repository's node_modules; the previous
 * builds' copies of this checkout are removed when a new one is made.
 */
export function sharedPackedInstall(): Omit<PackedInstall, 'cleanup'> {
  assertFreshBuild();
  const prefix = `gmo-aozora-auth-shared-${createHash('sha256').update(root).digest('hex').slice(0, 8)}-`;
  const dir = join(tmpdir(), prefix + packInputsKey());
  const listing = join(dir, '.packed-files.json');
  if (!existsSync(listing)) {
    const fresh = packedInstall();
    writeFileSync(join(fresh.dir, '.packed-files.json'), JSON.stringify(fresh.files));
    try {
      renameSync(fresh.dir, dir);
    } catch {
      fresh.cleanup(); // another worker got there first; use its copy
    }
    for (const old of readdirSync(tmpdir())) {
      if (old.startsWith(prefix) && join(tmpdir(), old) !== dir) rmSync(join(tmpdir(), old), { recursive: true, force: true });
    }
  }
  return { dir, files: JSON.parse(readFileSync(listing, 'utf8')) as string[] };
}
