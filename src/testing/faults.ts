import { numberProblem } from '../shared/number-problem.js';
/** Ways {@link MockBankFault} `id-token` spoils the next id_token, one per check the client makes. */
export type IdTokenTamper =
  /** `nonce` is not the one sent to `/authorization`. */
  | 'wrong-nonce'
  /** `aud` names another client. */
  | 'wrong-aud'
  /** `azp` names another client. */
  | 'wrong-azp'
  /** `iss` is another issuer. */
  | 'wrong-iss'
  /** `exp` lies five minutes in the past (`iat` is still recent). */
  | 'expired'
  /** `iat` is an hour old though `exp` is in the future (the bank's SDKs refuse over 600 s). */
  | 'stale-iat'
  /** Signed with a key other than the client secret. */
  | 'bad-signature'
  /** No id_token at all, though `openid` was granted. */
  | 'missing';

/**
 * A fault to inject into the mock bank. Each applies to the next `times` (default 1) requests
 * it concerns, then is used up; several can be queued and are used in the order given.
 *
 * - `gateway-error`: the next `/token` requests get an HTML page from a "gateway" with
 *   `status` (default 502) and, if given, `Retry-After`.
 * - `rate-limit`: the next `/token` requests get 429 with `Retry-After` (default `"1"`).
 * - `delay`: the next `/token` requests wait `ms` before being handled; an abort of the
 *   request's signal ends the wait (the client gave up).
 * - `invalid-grant-on-refresh`: the next refresh requests that pass client authentication
 *   get `invalid_grant`, and the presented refresh token is revoked (as if the user withdrew
 *   consent at the bank).
 * - `id-token`: the next id_tokens issued are spoiled as `tamper` says.
 * - `deny-consent`: the next `/authorization` requests are denied by the "user": redirect
 *   with `error=access_denied`.
 */
export type MockBankFault =
  | { type: 'gateway-error'; status?: number | undefined; retryAfter?: string | undefined; times?: number | undefined }
  | { type: 'rate-limit'; retryAfter?: string | undefined; times?: number | undefined }
  | { type: 'delay'; ms: number; times?: number | undefined }
  | { type: 'invalid-grant-on-refresh'; times?: number | undefined }
  | { type: 'id-token'; tamper: IdTokenTamper; times?: number | undefined }
  | { type: 'deny-consent'; times?: number | undefined };

type FaultOf<T extends MockBankFault['type']> = Extract<MockBankFault, { type: T }>;

/** Queued faults with their remaining uses. */
export class FaultQueue {
  #queue: { fault: MockBankFault; remaining: number }[] = [];

  /** Queues a fault after checking it, so a typo fails where it was written. */
  add(fault: MockBankFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError('fault.times must be a positive integer');
    const delayProblem = fault.type === 'delay' ? numberProblem(fault.ms, { min: 'non-negative' }) : undefined;
    if (delayProblem) throw new RangeError(`fault.ms ${delayProblem}`);
    if (fault.type === 'gateway-error' && fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 500 && fault.status <= 599)) {
      throw new RangeError('fault.status must be a 5xx status');
    }
    this.#queue.push({ fault: { ...fault }, remaining: times });
  }

  /** Uses up one application of the first queued fault of one of `types`, if any. */
  take<T extends MockBankFault['type']>(...types: T[]): FaultOf<T> | undefined {
    const index = this.#queue.findIndex((entry) => (types as string[]).includes(entry.fault.type));
    const entry = this.#queue[index];
    if (!entry) return undefined;
    if (--entry.remaining === 0) this.#queue.splice(index, 1);
    return entry.fault as FaultOf<T>;
  }

  /** Faults still queued, for assertions such as "the fault was used". */
  pending(): MockBankFault[] {
    return this.#queue.map(({ fault, remaining }) => ({ ...fault, times: remaining }));
  }

  clear(): void {
    this.#queue = [];
  }
}
