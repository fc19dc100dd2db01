import { sleep as wait } from '../shared/sleep.js';
import { AbortedError, TimeoutError } from './errors.js';

/**
 * The longest wait `setTimeout` can keep (2^31 − 1 ms, about 24.8 days): a longer one fires at
 * once. Time options above it are refused, and a longer `Retry-After` means "too long to retry".
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** One request's abort signal: fires on the caller's signal or when `timeoutMs` elapses. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** The typed error for failure the signal fired, if it did. */
  reason(): TimeoutError | AbortedError | undefined;
  /** Clears the timer and the listener, so nothing outlives the request. */
  dispose(): void;
}

/** Starts a deadline; throws `AbortedError` at once when the caller's signal already fired. */
export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  if (callerSignal?.aborted) throw new AbortedError(callerSignal.reason);
  const controller = new AbortController();
  let failure: TimeoutError | AbortedError | undefined;
  const timer = setTimeout(() => {
    failure = new TimeoutError(timeoutMs);
    controller.abort(failure);
  }, timeoutMs);
  const onCallerAbort = () => {
    failure ??= new AbortedError(callerSignal?.reason);
    controller.abort(failure);
  };
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    reason: () => failure,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/**
 * Waits `ms`, or rejects with `AbortedError` as soon as the caller's signal fires. The wait is
 * src/shared/sleep.ts, which every entry shares; this gives its rejection the `.` entry's class.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return wait(ms, [signal]).catch((reason: unknown) => {
    throw new AbortedError(reason);
  });
}
