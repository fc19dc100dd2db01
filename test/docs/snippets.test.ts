// Every TypeScript and JavaScript block of README.md, CONTRIBUTING.md and docs/**/*.md is a user's
// file: it is type-checked against the PACKED package (the tarball `npm pack` makes, as an
// install from the registry gives it) under `strict` and `exactOptionalPropertyTypes`, once with
// moduleResolution `node16` and once with `bundler`. A `.ts` block is an ES module (the check
// project is `"type": "module"`); a JavaScript block is CommonJS when it calls require() and has
// no import/export, else an ES module; JavaScript is checked too (`checkJs`).
//
// Marks after the language in the fence (```ts fragment), defined in ./snippets.ts:
// - `fragment`: an excerpt. Still type-checked, but names it uses without declaring them
//   (TS2304/TS2552/TS18004) are allowed, so a wrong option name or argument still fails.
// - `runnable`: also run with Node against the mock bank: msw puts it at the bank's URLs,
//   GANB_CLIENT_ID/GANB_CLIENT_SECRET are the mock client's, and the block must exit with status 0
//   within RUN_TIMEOUT_MS (so it must close any server it starts).
// - `file=NAME`: written as NAME, so another block (of any document) can import it.
// Other fence words are errors. Blocks of other languages (sh, text, json) are not checked.
// Imports that stand for the reader's own code (`@/lib/session`) are declared in READER_MODULES.
//
// Our own .d.ts files are checked with skipLibCheck off in test/package/types.test.ts; here
// skipLibCheck is on, so a snippet's failure is about the snippet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { transformSync } from 'esbuild';
import { MOCK_CLIENT } from 'gmo-aozora-auth/testing';
import { root, sharedPackedInstall } from '../package/helpers.js';
import { collectSnippets, MARKS, type Snippet } from './snippets.js';

const RUN_TIMEOUT_MS = 20_000;
const RESOLUTIONS = ['node16', 'bundler'] as const;
/** "Cannot find name", "… Did you mean", "No value exists in scope for the shorthand property". */
const UNDECLARED_NAME_CODES = new Set([2304, 2552, 18004]);

/** Stand-ins for the reader's own modules that the examples import. */
const READER_MODULES = `
declare module '@/lib/session' {
  /** What the examples keep in a session; other keys hold unknown values. */
  export interface SessionData {
    login?: { state: string; nonce: string };
    [key: string]: unknown;
  }
  /** A session store, as a sealed cookie or a KV store gives one; \`set\` resolves to the store, as many do. */
  export interface Session {
    get<K extends string>(key: K): SessionData[K] | undefined;
    set<K extends string>(key: K, value: SessionData[K]): Promise<Session>;
    /** Reads and deletes a value. */
    take<K extends string>(key: K): SessionData[K] | undefined;
  }
  export function getSession(): Promise<Session>;
}
`;

/** Dev dependencies a reader's project has next to ours: Node's types, and vitest for the test examples. */
const READER_DEPENDENCIES = ['@types/node', 'vitest', '@vitest', 'redis', '@redis', 'ioredis'];

const snippets = collectSnippets(root);
const documents = [...new Set(snippets.map((s) => s.doc))];

interface Diagnostic {
  file: string;
  line: number;
  column: number;
  code: number;
  message: string;
  resolution: string;
}

let project: string;
const diagnostics: Diagnostic[] = [];
/** tsc output that names no snippet (a broken check project, a config error). */
const unattributed: string[] = [];

const snippetPath = (s: Snippet) => join('snippets', s.fileName);
const runPath = (s: Snippet) =>
  join(
    'run',
    s.fileName
      .replace(/\.ts$/, '.js')
      .replace(/\.mts$/, '.mjs')
      .replace(/\.cts$/, '.cjs'),
  );
const marks = (s: Snippet) =>
  [s.fragment && 'fragment', s.runnable && 'runnable', /-line-\d+\.\w+$/.test(s.fileName) ? '' : `file=${s.fileName}`].filter(Boolean).join(' ');

function tsc(resolution: string): Promise<string> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${resolution}.json`, '--pretty', 'false'],
      { cwd: project, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (_error, stdout, stderr) => done(stdout + stderr),
    );
  });
}

/** Parses `path(line,col): error TSn: message` lines, with their indented continuation lines. */
function parseTsc(output: string, resolution: string): void {
  let last: Diagnostic | undefined;
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),(\d+)\): error TS(\d+): (.*)$/.exec(line);
    if (match) {
      last = { file: match[1]!, line: Number(match[2]), column: Number(match[3]), code: Number(match[4]), message: match[5]!, resolution };
      diagnostics.push(last);
    } else if (last && /^\s/.test(line)) last.message += `\n${line}`;
    else if (line.trim()) {
      last = undefined;
      unattributed.push(`[${resolution}] ${line}`);
    }
  }
}

beforeAll(async () => {
  const install = sharedPackedInstall();
  project = mkdtempSync(join(install.dir, 'docs-snippets-'));
  mkdirSync(join(project, 'node_modules'));
  for (const name of READER_DEPENDENCIES.filter((name) => existsSync(join(root, 'node_modules', name)))) {
    mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir');
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'reader-app', private: true, type: 'module' }));
  writeFileSync(join(project, 'reader-modules.d.ts'), READER_MODULES);
  writeFileSync(join(project, 'canary.ts'), CANARY);
  for (const snippet of snippets) {
    mkdirSync(join(project, dirname(snippetPath(snippet))), { recursive: true });
    writeFileSync(join(project, snippetPath(snippet)), snippet.code);
  }
  const files = ['reader-modules.d.ts', 'canary.ts', ...snippets.map(snippetPath)];
  const compilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    noEmit: true,
    allowJs: true,
    checkJs: true,
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    moduleDetection: 'force',
    esModuleInterop: true,
  };
  writeFileSync(
    join(project, 'tsconfig.node16.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, module: 'node16', moduleResolution: 'node16' }, files }),
  );
  writeFileSync(
    join(project, 'tsconfig.bundler.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, module: 'esnext', moduleResolution: 'bundler' }, files }),
  );
  // Both checks side by side: each takes seconds.
  const outputs = await Promise.all(RESOLUTIONS.map(tsc));
  for (const [i, output] of outputs.entries()) parseTsc(output, RESOLUTIONS[i]!);
}, 180_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

it('finds the documents’ code blocks', () => {
  expect(documents).toContain('README.md');
  expect(snippets.length).toBeGreaterThan(5);
});

it('the check project itself compiles (errors outside any block)', () => {
  const stray = diagnostics.filter((d) => d.file !== 'canary.ts' && !snippets.some((s) => snippetPath(s) === d.file));
  expect([...unattributed, ...stray.map((d) => `${d.file}(${d.line},${d.column}) [${d.resolution}] TS${d.code}: ${d.message}`)]).toEqual([]);
});

// tsc skips the type check when the project has a global error; this error must show, or every
// block would pass unchecked.
const CANARY = "import { createTokenClient } from 'gmo-aozora-auth';\ncreateTokenClient({ environment: 'staging', clientId: 'id' });\n";
it('the checker reports errors (a known-bad canary file fails under both resolutions)', () => {
  expect(diagnostics.filter((d) => d.file === 'canary.ts').map((d) => `${d.resolution} TS${d.code}`)).toEqual(['node16 TS2345', 'bundler TS2345']);
});

describe.each(documents)('%s', (doc) => {
  it.for(snippets.filter((s) => s.doc === doc).map((s) => [`line ${s.fenceLine}: \`\`\`${s.language} ${marks(s)}`.trim(), s] as const))(
    '%s',
    { timeout: RUN_TIMEOUT_MS + 10_000 },
    async ([, snippet]) => {
      const own = diagnostics.filter((d) => d.file === snippetPath(snippet) && !(snippet.fragment && UNDECLARED_NAME_CODES.has(d.code)));
      // One line per problem, with the resolutions it shows under, at the Markdown file's line.
      const problems = new Map<string, string[]>();
      for (const d of own) {
        const at = `${snippet.doc}:${snippet.firstLine + d.line - 1}:${d.column + snippet.indent} TS${d.code}: ${d.message}`;
        problems.set(at, [...(problems.get(at) ?? []), d.resolution]);
      }
      const report = [...problems].map(([at, resolutions]) => `${at}  [${resolutions.join(', ')}]`);
      expect(
        report,
        `The \`\`\`${snippet.language} block at ${snippet.doc}:${snippet.fenceLine} does not type-check as a user's file (strict, exactOptionalPropertyTypes, against the packed package). ` +
          `Fix the block; if it is deliberately an excerpt, mark it \`\`\`${snippet.language} fragment (${MARKS.fragment}).`,
      ).toEqual([]);
      if (snippet.runnable) await run(snippet);
    },
  );
});

/** Transpiles the blocks (a runnable one may import a `file=` block) and runs this one. */
async function run(snippet: Snippet): Promise<void> {
  for (const s of snippets) {
    const format = /\.c[tj]s$/.test(s.fileName) ? 'cjs' : 'esm';
    const code = /\.[cm]?ts$/.test(s.fileName) ? transformSync(s.code, { loader: 'ts', format, target: 'node20', sourcemap: 'inline' }).code : s.code;
    mkdirSync(join(project, dirname(runPath(s))), { recursive: true });
    writeFileSync(join(project, runPath(s)), code);
  }
  writeFileSync(join(project, 'mock-bank-preload.mjs'), MOCK_BANK_PRELOAD);
  const result = await new Promise<{ status: number | string | null; output: string }>((done) => {
    execFile(
      process.execPath,
      ['--enable-source-maps', '--import', './mock-bank-preload.mjs', runPath(snippet)],
      {
        cwd: project,
        encoding: 'utf8',
        timeout: RUN_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        env: { ...process.env, NODE_OPTIONS: '', GANB_CLIENT_ID: MOCK_CLIENT.clientId, GANB_CLIENT_SECRET: MOCK_CLIENT.clientSecret },
      },
      (error, stdout, stderr) => done({ status: error ? (error.killed ? 'timeout' : (error.code ?? 1)) : 0, output: stdout + stderr }),
    );
  });
  const outcome =
    result.status === 'timeout' ? `did not exit within ${RUN_TIMEOUT_MS} ms (a server or timer left open?)` : `exited with status ${result.status}`;
  expect(
    result.status,
    `The runnable block at ${snippet.doc}:${snippet.fenceLine} ${outcome} (line numbers below are the block's own: add ${snippet.firstLine - 1}). Its output:\n${result.output}`,
  ).toBe(0);
}

/** Puts the mock bank behind msw at the bank's URLs, with the redirect URIs the docs use registered. */
const MOCK_BANK_PRELOAD = `
import { setupServer } from 'msw/node';
import { createMockBank, MOCK_CLIENT, MOCK_POST_CLIENT } from 'gmo-aozora-auth/testing';
const { mockBankHandlers } = await import('gmo-aozora-auth/testing/msw');
const extra = ['https://bff.example.com/auth/callback'];
const bank = createMockBank({ clients: [MOCK_CLIENT, MOCK_POST_CLIENT].map((c) => ({ ...c, redirectUris: [...c.redirectUris, ...extra] })) });
setupServer(...mockBankHandlers(bank)).listen({ onUnhandledRequest: 'bypass' });
`;
