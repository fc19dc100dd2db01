import { ConfigurationError, StoreError } from '../index.js';
import { base64url } from '../shared/random.js';

/** A 32-byte AES-256 key, or several: the first seals, every one opens (for key rotation). */
export type EncryptionKeyOption = Uint8Array | readonly Uint8Array[];

/**
 * How token records are protected at rest and how their refresh token is fingerprinted for the
 * compare-and-set script.
 */
export interface Sealing {
  /** Whether records are sealed; a store then refuses unsealed ones. */
  readonly sealed: boolean;
  seal(plaintext: string, redisKey: string): Promise<string>;
  open(sealed: string, redisKey: string): Promise<string>;
  /** Fingerprints of a refresh token: the first is the one to store, all are accepted. */
  fingerprints(refreshToken: string): Promise<string[]>;
}

const encoder = new TextEncoder();
const IV_BYTES = 12;
const FINGERPRINT_INFO = encoder.encode('gmo-aozora-auth/redis refresh-token fingerprint');
const RECORD_INFO = encoder.encode('gmo-aozora-auth/redis token record');

/** Checks the keys now, so a wrong key fails at startup rather than at the first login. */
function checkKeys(option: EncryptionKeyOption): Uint8Array<ArrayBuffer>[] {
  const keys = option instanceof Uint8Array ? [option] : [...option];
  if (keys.length === 0) throw new ConfigurationError('encryptionKey', 'must hold at least one key');
  for (const key of keys) {
    if (!(key instanceof Uint8Array) || key.byteLength !== 32)
      throw new ConfigurationError('encryptionKey', 'must be 32 random bytes (AES-256), or an array of such keys');
  }
  // Copied, so a caller wiping or reusing its buffer cannot change the keys in use.
  return keys.map((key) => new Uint8Array(key));
}

/**
 * Without a key: records are stored as JSON and the fingerprint is the refresh token's SHA-256
 * (the token itself is in the record anyway).
 */
export function plainSealing(): Sealing {
  return {
    sealed: false,
    // Stryker disable next-line BlockStatement: unreachable — encodeRecord seals only when sealing.sealed; kept so a change of that order fails loudly.
    seal: async () => {
      // Stryker disable next-line StringLiteral: unreachable — as above.
      throw new StoreError('no encryptionKey is configured');
    },
    open: async () => {
      throw new StoreError('the stored token record is encrypted, but this store has no encryptionKey; give it the key that sealed the record');
    },
    fingerprints: async (refreshToken) => [base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(refreshToken))))],
  };
}

interface DerivedKeys {
  readonly record: CryptoKey;
  readonly fingerprint: CryptoKey;
}

/**
 * AES-256-GCM with the Redis key as additional data, so a record opens only under the key it
 * was written to. Each configured key is expanded with HKDF into one key for records and one
 * HMAC key for fingerprints, so no key serves two algorithms; the keys are imported lazily
 * (Web Crypto is asynchronous) and are not extractable.
 */
export function aesGcmSealing(option: EncryptionKeyOption): Sealing {
  const rawKeys = checkKeys(option);
  let derived: Promise<DerivedKeys[]> | undefined;
  const keys = () => {
    derived ??= Promise.all(rawKeys.map(deriveKeys));
    return derived;
  };

  return {
    sealed: true,
    async seal(plaintext, redisKey) {
      const [current] = await keys();
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(redisKey) },
        current!.record,
        encoder.encode(plaintext),
      );
      const sealed = new Uint8Array(IV_BYTES + ciphertext.byteLength);
      sealed.set(iv);
      sealed.set(new Uint8Array(ciphertext), IV_BYTES);
      return base64url(sealed);
    },
    async open(sealed, redisKey) {
      const bytes = fromBase64url(sealed);
      if (bytes === undefined || bytes.length <= IV_BYTES + 16) throw new StoreError('the stored token record is not a sealed record');
      for (const key of await keys()) {
        try {
          const plaintext = await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: encoder.encode(redisKey) },
            key.record,
            bytes.subarray(IV_BYTES),
          );
          return new TextDecoder().decode(plaintext);
        } catch {
          // Sealed with another key (rotation), or not for this Redis key: try the next one.
        }
      }
      throw new StoreError(
        'the stored token record does not open with any configured encryptionKey: it was sealed with a key no longer listed, altered, or copied from another session key',
      );
    },
    async fingerprints(refreshToken) {
      const data = encoder.encode(refreshToken);
      return Promise.all((await keys()).map(async (key) => base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key.fingerprint, data)))));
    },
  };
}

async function deriveKeys(raw: Uint8Array<ArrayBuffer>): Promise<DerivedKeys> {
  const master = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
  const hkdf = (info: Uint8Array<ArrayBuffer>) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info });
  const [record, fingerprint] = await Promise.all([
    // Stryker disable next-line BooleanLiteral: equivalent — no API hands out a derived key, so whether it could be exported is unobservable; false keeps it so.
    crypto.subtle.deriveKey(hkdf(RECORD_INFO), master, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    // Stryker disable next-line BooleanLiteral: equivalent — as above, for the fingerprint key.
    crypto.subtle.deriveKey(hkdf(FINGERPRINT_INFO), master, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ]);
  return { record, fingerprint };
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    // A marker on the catch line cannot work (a comment there leads no node), so the catch block is disabled from here to its first statement.
    // Stryker disable BlockStatement: equivalent — a function that falls off its end returns undefined too.
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    // Stryker restore BlockStatement
    return undefined;
  }
}
