// Opens the published documentation (build/docs/, built by `npm run docs`) in headless Chromium,
// as a reader would: from its index, the HTTP API page must render the token endpoint, its
// request fields and its error codes, and the API reference every entry point of the package;
// neither may load anything from anywhere but the docs' own server.
//
// Chromium is Debian's `chromium` package (.ci/run installs it), driven by playwright-core. Without
// it the suite is skipped with a warning on a developer machine, and fails when CI is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, resolve, sep } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { schemaEnums } from '../../src/generated/spec-values.js';
import { pkg } from '../package/helpers.js';

const root = resolve(import.meta.dirname, '../..');
const docsDir = join(root, 'build/docs');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
const inCI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

if (!haveChromium && !inCI) {
  console.warn(
    `docs-page.test: SKIPPED, no Chromium at ${chromiumPath}. Install it (apt-get install chromium) or set CHROMIUM_PATH; with CI set this suite fails instead.`,
  );
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Serves build/docs read-only on 127.0.0.1 and nothing else. */
function serveDocs(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(docsDir, path === '/' ? 'index.html' : path));
    if (req.method !== 'GET' || !file.startsWith(docsDir + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

describe.skipIf(!haveChromium && !inCI)('API docs page in headless Chromium', () => {
  let server: Server;
  let origin: string;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  /** Every request the page made (or tried) to anything but our server. */
  const foreign = new Set<string>();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) {
      throw new Error(`No Chromium at ${chromiumPath} and CI is set: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH.`);
    }
    const build = spawnSync('node', ['scripts/build-docs.mjs'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);

    server = await serveDocs();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    userDataDir = mkdtempSync(join(tmpdir(), 'docs-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 1000 },
    });
    // Block and record anything not addressed to our server (data: URLs never reach the network).
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      foreign.add(url);
      return route.abort('blockedbyclient');
    });
    context.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith('data:') && new URL(url).origin !== origin) foreign.add(url);
    });
    // The page's Content-Security-Policy blocks loads before they reach the network (and so before
    // the route above sees them); count those attempts too. Blocked evals are not loads: Redoc
    // probes `Function()` to decide whether its search may use a worker, and falls back without.
    await context.addInitScript(() => {
      const w = window as unknown as { __blockedLoads: string[] };
      w.__blockedLoads = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        if (!['eval', 'inline', 'wasm-eval'].includes(e.blockedURI)) w.__blockedLoads.push(`${e.blockedURI} (${e.violatedDirective})`);
      });
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('websocket', (ws) => foreign.add(ws.url()));
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  const main = (): Locator => page.locator('main').first();
  // Redoc gives each part of an operation an anchor id (its deep link) made of the tag and the
  // operationId (`token`): `token/token/t=request&path=grant_type` for a request field,
  // `token/token/t=request&path=&d=0/code` for a field of the first discriminated shape, and
  // `token/token/t=response&c=400&path=error` for a field of the 400 httpResponse.
  const operation = (): Locator => main().locator('[id="token/token"]');
  const responses = (): Locator => operation().locator('[id="token/token/responses"]');
  const prefix = (where: string) => `token/token/t=${where}&path=`;
  /** Names of the top-level fields rendered for `request` or `response&c=<status>`. */
  const fields = async (where: string): Promise<string[]> => {
    const ids = await operation()
      .locator(`[id^="${prefix(where)}"]`)
      .evaluateAll((els) => els.map((e) => e.id));
    return ids.map((id) => id.slice(prefix(where).length).replace(/^&d=\d+\//, '')).filter((path) => !/[/.[&]/.test(path));
  };
  const field = (where: string, name: string): Locator => operation().locator(`[id="${prefix(where)}${name}"], [id^="${prefix(where)}&d="][id$="/${name}"]`);

  it('renders the POST /token operation, its request fields and its error codes', async () => {
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'HTTP API', exact: true }).click();
    await page.waitForURL(`${origin}/http-api.html`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.title()).toBe('GMO Aozora Net Bank auth API (gmo-aozora-auth)');

    // Navigate as a reader: sidebar → Token → the operation.
    const sidebar = page.locator('[data-component-name="Menu/Menu"]').first();
    await sidebar.getByText('Token', { exact: true }).click();
    await sidebar.getByText('Issue or renew an access token', { exact: true }).click();
    await main().getByText('Issue or renew an access token', { exact: true }).first().waitFor();
    await expect.poll(() => main().getByText('/token', { exact: true }).first().isVisible()).toBe(true);
    expect(await main().getByText('application/x-www-form-urlencoded', { exact: true }).first().isVisible()).toBe(true);

    // authorization_code request shape (Redoc shows the first discriminator value first).
    await field('request', 'grant_type').waitFor();
    expect(await fields('request')).toEqual(expect.arrayContaining(['grant_type', 'code', 'redirect_uri', 'client_id', 'client_secret']));
    expect(await fields('request')).not.toContain('refresh_token');
    for (const name of ['grant_type', 'code', 'redirect_uri']) expect(await field('request', name).isVisible(), name).toBe(true);
    await page.screenshot({ path: join(docsDir, 'screenshot.png') });

    // refresh_token request shape, behind the discriminator's second tab.
    await operation().getByRole('tab', { name: 'refresh_token', exact: true }).click();
    await field('request', 'refresh_token').waitFor();
    expect(await fields('request')).toEqual(expect.arrayContaining(['grant_type', 'refresh_token', 'client_id', 'client_secret']));
    expect(await fields('request')).not.toContain('code');

    // Answers: 200 shows the token fields; 400 and 401 each list every RFC 6749 §5.2 code the
    // spec has (taken from the generated values, so a code added to the spec must show up here).
    expect(await responses().getByRole('tab').allInnerTexts()).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect(await fields('response&c=200')).toEqual(expect.arrayContaining(['access_token', 'token_type', 'expires_in']));
    for (const status of ['400', '401']) {
      const tab = responses().getByRole('tab', { name: status, exact: true });
      await tab.click();
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
      const error = field(`response&c=${status}`, 'error');
      await error.waitFor();
      expect(await fields(`response&c=${status}`)).toEqual(expect.arrayContaining(['error', 'error_description']));
      expect(await fields(`response&c=${status}`)).not.toContain('access_token');
      for (const code of schemaEnums.OAuthErrorCode) {
        expect(await error.getByText(`"${code}"`, { exact: true }).isVisible(), `${status}: ${code}`).toBe(true);
      }
    }
    await responses().getByRole('tab', { name: '400', exact: true }).click();
    await field('response&c=400', 'error').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(docsDir, 'screenshot-errors.png') });
  }, 120_000);

  it('loads nothing but the page itself and throws no errors', async () => {
    // Runs after the walk-through above, on the same page.
    expect(page.url().startsWith(`${origin}/`)).toBe(true);
    expect(await page.locator('[id="token/token"]').count()).toBe(1);
    const blocked = await page.evaluate(() => (window as unknown as { __blockedLoads: string[] }).__blockedLoads);
    expect([...foreign]).toEqual([]);
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    // And the local logo stand-in is what the sidebar shows.
    const logo = page.locator('img[alt="redocly logo"]');
    if ((await logo.count()) > 0) expect(await logo.first().getAttribute('src')).toMatch(/^data:image\/svg\+xml,/);
  });

  it('links the API reference, which documents every entry point of package.json exports', async () => {
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'API reference', exact: true }).click();
    await page.waitForURL(`${origin}/api/index.html`, { waitUntil: 'networkidle' });
    const entries = Object.keys(pkg.exports)
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));
    // TypeDoc's page body (it has no <main>).
    const content = (): Locator => page.locator('.col-content');
    for (const entry of entries) expect(await content().getByRole('link', { name: entry, exact: true }).count(), entry).toBe(1);

    await content().getByRole('link', { name: pkg.name, exact: true }).click();
    await content().getByRole('link', { name: 'createTokenClient', exact: true }).first().click();
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('createTokenClient');
    expect(await content().textContent()).toContain('clientSecret');
    expect([...foreign]).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
