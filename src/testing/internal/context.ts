import type { MockClient } from '../clients.js';
import type { FaultQueue } from '../faults.js';
import type { GrantStore } from './store.js';

/** The mock bank's resolved settings (see `MockBankOptions` for each one's meaning). */
export interface BankSettings {
  readonly scopes: ReadonlySet<string>;
  readonly codeTtlSec: number;
  readonly accessTokenTtlSec: number;
  readonly refreshTokenTtlSec: number;
  readonly idTokenTtlSec: number;
  readonly expiresInAsString: boolean;
  readonly loopbackRedirectAnyPort: boolean;
  readonly issuer: string | undefined;
  readonly subject: string;
  readonly idTokenOnRefresh: boolean;
  /** Current time in ms since the epoch. */
  readonly now: () => number;
}

/** What the endpoint handlers share: settings, registrations, issued grants and queued faults. */
export interface BankContext {
  readonly settings: BankSettings;
  readonly clients: ReadonlyMap<string, MockClient>;
  readonly store: GrantStore;
  readonly faults: FaultQueue;
  /** Aborted by `reset()`, so waits injected by a `delay` fault end with it. */
  readonly lifetime: () => AbortSignal;
}
