/**
 * Resolves after `ms`, or rejects with the signal's `reason` as soon as one of `signals` aborts
 * (at once when one already has). It rejects with the reason itself, never with an error class
 * of ours: each CommonJS entry carries its own copy of this module, so the caller wraps the
 * reason in its entry's class (e.g. `AbortedError` from the `.` entry) where `instanceof` holds.
 */
export function sleep(ms: number, signals: readonly (AbortSignal | undefined)[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      for (const signal of signals) signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    function onAbort(this: AbortSignal) {
      settle(() => reject(this.reason));
    }
    const timer = setTimeout(() => settle(resolve), ms);
    for (const signal of signals) {
      if (signal?.aborted) return settle(() => reject(signal.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
    }
  });
}
