#!/usr/bin/env node
// `npm run docs`: builds the published documentation into build/docs/, loading nothing from the
// network:
//   build/docs/index.html      a page that links the two references below
//   build/docs/api/            the API reference of every public entry point, from the TSDoc in
//                              src/, by TypeDoc (scripts/api-docs.mjs)
//   build/docs/http-api.html   the HTTP API: the spec rendered by Redocly into one
//                              self-contained page
//
// For the Redoc page:
// - --inlineBundle embeds Redoc's scripts, so the page does not load them from a CDN.
// - REDOCLY_TELEMETRY=off makes the page send no Redoc telemetry from readers' browsers
//   (the CLI then writes `disableTelemetry: true` into the page's options).
// - Redoc 3 still renders its sidebar attribution as an <img> from cdn.redoc.ly, and has no
//   option to turn that off (Redocly's build-docs docs: "Only the Redocly logo in the sidebar
//   loads from the CDN"). We replace those two image URLs with an inline SVG wordmark, so the
//   attribution stays and the reader's browser fetches nothing.
// - The page template adds a Content-Security-Policy that only allows inline scripts and styles
//   and data: images/fonts: anything a future Redoc tries to load from elsewhere is blocked in
//   the reader's browser, and test/docs/docs-page.test.ts reports it as a violation.
// - After the build, the page is scanned for the hosts Redoc has been known to load from; any
//   left is an error, so a Redocly upgrade cannot quietly bring a CDN load back.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = 'build/docs/http-api.html';
const title = 'GMO Aozora Net Bank auth API (gmo-aozora-auth)';

/** What the page may load: its own inline scripts and styles, and data: images and fonts. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// Redocly's default template (packages/cli/src/commands/build-docs/template.hbs) plus the CSP and
// a description meta tag.
const template = `<!DOCTYPE html>
<html lang="en">

<head>
  <meta charset="utf8" />
  <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
  <title>{{title}}</title>
  <meta name="description" content="OpenAPI reference of GMO Aozora Net Bank's auth API v1 (GET /authorization, POST /token), from openapi/auth-v1.yaml in gmo-aozora-auth.">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <style>
    body {
      padding: 0;
      margin: 0;
    }
  </style>
  {{{redocHead}}}
</head>

<body>
  {{{redocHTML}}}
</body>

</html>
`;

// The attribution logos Redoc 3 loads from its CDN, and the local stand-in: the word "Redocly"
// as an SVG data: URI (the link to redocly.com around it stays as Redoc renders it).
const CDN_LOGOS = ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://cdn.redoc.ly/redoc/logo-mini.svg'];
const wordmark = (width, text) =>
  'data:image/svg+xml,' +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20"><text x="0" y="15" font-family="sans-serif" font-size="14" font-weight="600" fill="#555">${text}</text></svg>`,
  );
const LOCAL_LOGOS = [wordmark(64, 'Redocly'), wordmark(20, 'R')];

/** Hosts the page must not reference as a resource (fonts, scripts, images). */
const FORBIDDEN = [/cdn\.redoc\.ly/, /fonts\.googleapis\.com/, /fonts\.gstatic\.com/, /cdn\.jsdelivr\.net/, /unpkg\.com/];

mkdirSync('build/docs', { recursive: true });
const api = spawnSync('node', ['scripts/api-docs.mjs', '--out', 'build/docs/api'], { stdio: ['ignore', 'inherit', 'inherit'] });
if (api.status !== 0) {
  console.error('docs: the TypeDoc reference failed (see above).');
  process.exit(api.status ?? 1);
}
const tmp = mkdtempSync(join(tmpdir(), 'gmo-aozora-auth-docs-'));
try {
  const templatePath = join(tmp, 'template.hbs');
  writeFileSync(templatePath, template);
  const result = spawnSync(
    'npx',
    ['--no-install', 'redocly', 'build-docs', 'auth@v1', '--inlineBundle', '--template', templatePath, '--output', out, '--title', title],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
  );
  if (result.status !== 0) {
    console.error('docs: redocly build-docs failed (see above).');
    process.exit(result.status ?? 1);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

let html = readFileSync(out, 'utf8');
CDN_LOGOS.forEach((url, i) => {
  html = html.split(url).join(LOCAL_LOGOS[i]);
});
if (!html.includes('"disableTelemetry":true')) {
  console.error('docs: the page does not disable Redoc telemetry (expected "disableTelemetry":true in its options).');
  process.exit(1);
}
const left = FORBIDDEN.filter((re) => re.test(html)).map((re) => re.source.replaceAll('\\', ''));
if (left.length) {
  console.error(`docs: ${out} still references ${left.join(', ')}; the page must load nothing from the network. Neutralise it in scripts/build-docs.mjs.`);
  process.exit(1);
}
writeFileSync(out, html);
console.log(`docs: wrote ${out} (${Math.round(Buffer.byteLength(html) / 1024)} KiB, no network loads)`);

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
writeFileSync(
  'build/docs/index.html',
  `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(pkg.name)} ${escapeHtml(pkg.version)} documentation</title>
  <style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; } li { margin: 0.75rem 0; }</style>
</head>
<body>
  <h1>${escapeHtml(pkg.name)} ${escapeHtml(pkg.version)}</h1>
  <p>${escapeHtml(pkg.description)}.</p>
  <ul>
    <li><a href="api/index.html">API reference</a>: every function, class, type and option of the package's entry points, from its TSDoc.</li>
    <li><a href="http-api.html">HTTP API</a>: GMO Aozora Net Bank's auth API (<code>GET /authorization</code>, <code>POST /token</code>), from <code>openapi/auth-v1.yaml</code>.</li>
  </ul>
</body>
</html>
`,
);
console.log('docs: wrote build/docs/index.html, linking build/docs/api/ and build/docs/http-api.html');
