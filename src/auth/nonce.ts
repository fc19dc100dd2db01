/**
 * The nonce hooks (OpenID Connect Core 1.0 §3.1.2.1, §15.5.2): `save` is called with the fresh
 * nonce when an authorization URL is built; `check` is called with the id_token's nonce and must
 * return true only once per saved nonce (it verifies and consumes), so a replayed id_token fails.
 *
 * An error thrown by `save` reaches the caller of `authorizationUrl` unchanged (it is your
 * storage failing, and no URL is returned); an error thrown by `check` refuses the id_token as an
 * `IdTokenError` with `check: 'nonce'` and your error as `cause`, because an unchecked nonce must
 * never let tokens through.
 */
export interface NonceHooks {
  /**
   * Stores a fresh nonce. May return a promise, which is awaited; what it resolves to is ignored,
   * so a store's own result (node-redis `set` resolves to `'OK'`) can be returned as it is.
   */
  save(nonce: string): unknown;
  /** Consumes a nonce: resolves to `true` only the first time for a nonce that was saved. */
  check(nonce: string): boolean | Promise<boolean>;
}

/** Options of {@link createMemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /** How long a saved nonce stays valid, in ms. Default 10 minutes, the id_token age limit the bank's SDKs use. */
  ttlMs?: number | undefined;
  /** Most nonces kept at once; the oldest are dropped first. Default 10 000. */
  maxEntries?: number | undefined;
  /** Clock, for tests. */
  now?: (() => number) | undefined;
}

/**
 * In-memory nonce hooks with expiry: right for one process and for tests. A BFF running on
 * several instances must supply hooks backed by shared storage (the user's session or a
 * store like Redis), because the callback may land on another instance than the one that
 * built the URL.
 */
export function createMemoryNonceStore(options: MemoryNonceStoreOptions = {}): NonceHooks {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>();

  const sweep = () => {
    const time = now();
    for (const [nonce, expiry] of expiries) if (expiry <= time) expiries.delete(nonce);
    while (expiries.size >= maxEntries) expiries.delete(expiries.keys().next().value as string);
  };

  return {
    save(nonce) {
      sweep();
      expiries.set(nonce, now() + ttlMs);
    },
    check(nonce) {
      const expiry = expiries.get(nonce);
      expiries.delete(nonce);
      // Stryker disable next-line ConditionalExpression: equivalent — undefined > now() is false as well; the test says what is meant.
      return expiry !== undefined && expiry > now();
    },
  };
}
