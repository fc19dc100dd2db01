// Sends what the code under test addresses to the bank's staging server to the mock bank on
// loopback instead, so the docs' example can say `environment: 'staging'` and still be run by
// several processes that share one mock bank (msw would give each process a bank of its own).
const STAGING_ORIGIN = 'https://stg-api.gmo-aozora.com';

/** Replaces `globalThis.fetch` with one that rewrites the staging origin to `origin`; returns the undo. */
export function routeStagingTo(origin: string): () => void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(`${STAGING_ORIGIN}/`)) return realFetch(request);
    return realFetch(new Request(origin + request.url.slice(STAGING_ORIGIN.length), request));
  };
  return () => {
    globalThis.fetch = realFetch;
  };
}
