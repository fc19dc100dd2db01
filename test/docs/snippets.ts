// Finds the code blocks of the Markdown docs that test/docs/snippets.test.ts type-checks and runs.
// The fence info after the language is a list of marks (see MARKS); an unknown mark is an error,
// so a typo such as `fragement` cannot quietly turn a check off.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Languages whose blocks are checked, and the file extension each becomes. */
const LANGUAGES: Record<string, 'ts' | 'mts' | 'cts' | 'js' | 'mjs' | 'cjs'> = {
  ts: 'ts',
  typescript: 'ts',
  mts: 'mts',
  cts: 'cts',
  js: 'js',
  javascript: 'js',
  mjs: 'mjs',
  cjs: 'cjs',
};

/** What each fence mark means; the test's failure messages repeat these. */
export const MARKS = {
  fragment: 'an excerpt: type-checked, but names it uses without declaring them are allowed',
  runnable: 'also run with Node against the mock bank (msw at the bank URLs); it must exit with status 0',
  'file=NAME': 'written as NAME beside every other block, so another block (of any document) can import it as `./NAME` (with .js)',
} as const;

export interface Snippet {
  /** The document, relative to the repository root (`README.md`, `docs/testing.md`). */
  doc: string;
  /** 1-based line of the opening fence. */
  fenceLine: number;
  /** 1-based line of the block's first line of code. */
  firstLine: number;
  /** The language as written in the fence. */
  language: string;
  /** The block's code, without the fences and without the fence's indentation. */
  code: string;
  /** The file it is written to; all blocks share one folder, so names are unique across documents. */
  fileName: string;
  fragment: boolean;
  runnable: boolean;
  /** Columns of indentation removed from each line (a block inside a list item). */
  indent: number;
}

export class SnippetSyntaxError extends Error {}

/** The documents whose code blocks are checked: README.md, CONTRIBUTING.md and docs/**.md. */
function documentedFiles(root: string): string[] {
  const found = ['README.md', 'CONTRIBUTING.md'].filter((name) => existsSync(join(root, name)));
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.md')) found.push(relative(root, join(dir, entry.name)));
    }
  };
  walk(join(root, 'docs'));
  return found;
}

/** A JavaScript block is CommonJS when it calls require() and has no import or export statement. */
function jsExtension(code: string): 'mjs' | 'cjs' {
  return /\brequire\(/.test(code) && !/^\s*(import|export)\b/m.test(code) ? 'cjs' : 'mjs';
}

/**
 * The checked code blocks of one Markdown text: fenced with ``` or ~~~ (CommonMark: at least
 * three, closed by at least as many of the same character), in any indentation (lists).
 */
export function extractSnippets(doc: string, text: string): Snippet[] {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', language = '', info = ''] = open;
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end]!)) end++;
    const where = `${doc}:${i + 1}`;
    if (end === lines.length) throw new SnippetSyntaxError(`${where}: the code block opened here is never closed.`);
    const body = lines.slice(i + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()));
    const kind = LANGUAGES[language.toLowerCase()];
    const startLine = i;
    i = end;
    if (!kind) continue;

    const snippet: Snippet = {
      doc,
      fenceLine: startLine + 1,
      firstLine: startLine + 2,
      language,
      code: body.join('\n'),
      fileName: '',
      fragment: false,
      runnable: false,
      indent: indent.length,
    };
    for (const mark of info.split(/\s+/).filter(Boolean)) {
      if (mark === 'fragment') snippet.fragment = true;
      else if (mark === 'runnable') snippet.runnable = true;
      else if (mark.startsWith('file=') && /^file=[\w.-]+\.(ts|mts|cts|js|mjs|cjs)$/.test(mark)) snippet.fileName = mark.slice('file='.length);
      else {
        throw new SnippetSyntaxError(
          `${where}: unknown mark "${mark}" in the fence \`${fence}${language} ${info.trim()}\`. Known marks: ${Object.entries(MARKS)
            .map(([name, meaning]) => `\`${name}\` (${meaning})`)
            .join('; ')}.`,
        );
      }
    }
    if (snippet.fragment && snippet.runnable) throw new SnippetSyntaxError(`${where}: a \`fragment\` cannot be \`runnable\`: it is not a whole program.`);
    snippet.fileName ||= `${doc.replace(/[^\w]+/g, '-')}-line-${snippet.fenceLine}.${kind === 'js' ? jsExtension(snippet.code) : kind}`;
    snippets.push(snippet);
  }
  return snippets;
}

/** Every checked block of the repository's docs. */
export function collectSnippets(root: string): Snippet[] {
  return uniqueFileNames(documentedFiles(root).flatMap((doc) => extractSnippets(doc, readFileSync(join(root, doc), 'utf8'))));
}

/** Refuses two blocks written to one file (two `file=` marks with the same name). */
export function uniqueFileNames(snippets: Snippet[]): Snippet[] {
  const seen = new Map<string, Snippet>();
  for (const snippet of snippets) {
    const first = seen.get(snippet.fileName);
    if (first) {
      throw new SnippetSyntaxError(
        `${snippet.doc}:${snippet.fenceLine}: the block at ${first.doc}:${first.fenceLine} is already \`file=${snippet.fileName}\`.`,
      );
    }
    seen.set(snippet.fileName, snippet);
  }
  return snippets;
}
