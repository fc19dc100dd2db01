/**
 * `gmo-aozora-auth/testing/msw` — the mock bank as msw request handlers. An entry of its own
 * because msw is an optional peer dependency: `gmo-aozora-auth/testing` loads without it, and
 * msw's own types (which need `skipLibCheck` under CommonJS node16 resolution) stay out of
 * projects that do not use it.
 *
 * @packageDocumentation
 */
import { http, type HttpHandler } from 'msw';
import { servers } from '../../generated/spec-values.js';
import type { MockBank } from '../index.js';

/** Options of {@link mockBankHandlers}. */
export interface MockBankHandlersOptions {
  /**
   * More base URLs to intercept besides the bank's three servers from the spec (production,
   * staging, sunabar) — a proxy or the alternative staging path `.../ganb/stg-api/auth/v1`.
   */
  baseUrls?: readonly (string | URL)[] | undefined;
  /**
   * Also serve the protected resource beside each base URL (`…/auth/v1` → `…/personal/v1/accounts`),
   * which checks the `x-access-token` header (see `MockBank.handle`). Off by default, so your own
   * handlers for the bank's resource APIs are never shadowed.
   * @default false
   */
  accounts?: boolean | undefined;
}

/** The protected resource beside an auth API base URL: `…/auth/v1` → `…/personal/v1/accounts`, as on the bank. */
function accountsUrl(base: string): string {
  return new URL('../../personal/v1/accounts', `${base}/`).href;
}

/**
 * msw request handlers that serve the bank's `/authorization` and `/token` at every server URL
 * of the spec, plus `baseUrls`, from `bank` — and, with `accounts: true`, the protected resource
 * beside each (`…/personal/v1/accounts`). Use them as any msw handlers:
 *
 * @example
 * const bank = createMockBank();
 * const server = setupServer(...mockBankHandlers(bank));
 * beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
 * afterEach(() => bank.reset());
 * afterAll(() => server.close());
 */
export function mockBankHandlers(bank: Pick<MockBank, 'handle'>, options: MockBankHandlersOptions = {}): HttpHandler[] {
  const bases = new Set([...servers.map((server) => server.url), ...(options.baseUrls ?? []).map(String)].map((base) => base.replace(/\/+$/, '')));
  return [...bases].flatMap((base) =>
    [`${base}/authorization`, `${base}/token`, ...(options.accounts ? [accountsUrl(base)] : [])].map((url) =>
      http.all(url, ({ request }) =>
        bank.handle(request).catch((error: unknown) => {
          // The caller gave up during a `delay` fault: respond with a network error, as a dropped
          // connection would be, instead of msw's "unhandled exception" report.
          if (request.signal.aborted) return Response.error();
          throw error;
        }),
      ),
    ),
  );
}
