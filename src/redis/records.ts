import { StoreError, type StoredTokens } from '../index.js';
import type { Sealing } from './sealing.js';

/**
 * One token record is one Redis string, written by one command or one script, so no reader ever
 * sees half of it:
 *
 *     tokens1 <fingerprint> <JSON record>        without encryptionKey
 *     tokens1e <fingerprint> <sealed record>     with encryptionKey (base64url of IV ‖ AES-GCM output)
 *
 * The fingerprint (of the refresh token, `-` when there is none) is readable by the
 * compare-and-set script, which cannot decrypt; see {@link COMPARE_AND_SET_SCRIPT}.
 */
const PLAIN = 'tokens1';
const SEALED = 'tokens1e';
const NO_REFRESH_TOKEN = '-';

/** Builds the stored value of `tokens` for `redisKey`. */
export async function encodeRecord(tokens: StoredTokens, redisKey: string, sealing: Sealing): Promise<string> {
  const json = JSON.stringify(tokens);
  const fingerprint = tokens.refreshToken ? (await sealing.fingerprints(tokens.refreshToken))[0]! : NO_REFRESH_TOKEN;
  if (!sealing.sealed) return `${PLAIN} ${fingerprint} ${json}`;
  return `${SEALED} ${fingerprint} ${await sealing.seal(json, redisKey)}`;
}

/** Reads a stored value back; anything that is not a record this store could have written is a `StoreError`. */
export async function decodeRecord(value: unknown, redisKey: string, sealing: Sealing): Promise<StoredTokens> {
  if (typeof value !== 'string') throw new StoreError('the value under the token key is not a string; is another application using this key prefix?');
  const parts = splitRecord(value);
  if (!parts) throw notATokenRecord();
  const [format, , body] = parts;
  let json: string;
  if (format === SEALED) json = await sealing.open(body, redisKey);
  else if (format === PLAIN) {
    // An attacker who can write to Redis must not be able to plant tokens (their own bank
    // session) in a store that expects sealed records.
    if (sealing.sealed) throw new StoreError('the stored token record is not encrypted, but this store has an encryptionKey; refusing it');
    json = body;
  } else throw notATokenRecord();
  return parseTokens(json);
}

const notATokenRecord = () => new StoreError('the value under the token key is not a token record; is another application using this key prefix?');

/** The three space-separated parts of a stored value, or `undefined` when it has fewer. */
function splitRecord(value: string): [string, string, string] | undefined {
  const first = value.indexOf(' ');
  const second = value.indexOf(' ', first + 1);
  // No first space means no second one either (the search then starts at 0).
  if (second < 0) return undefined;
  return [value.slice(0, first), value.slice(first + 1, second), value.slice(second + 1)];
}

function parseTokens(json: string): StoredTokens {
  let parsed: unknown;
  try {
    // A marker on the catch line cannot work (a comment there leads no node), so the catch block is disabled from here to its first statement.
    // Stryker disable BlockStatement: equivalent — parsed is still undefined when JSON.parse throws.
    parsed = JSON.parse(json);
  } catch {
    // Stryker restore BlockStatement
    parsed = undefined;
  }
  const record = parsed as Partial<Record<keyof StoredTokens, unknown>> | undefined;
  if (
    !record ||
    typeof record !== 'object' ||
    typeof record.accessToken !== 'string' ||
    typeof record.tokenType !== 'string' ||
    typeof record.expiresAt !== 'number' ||
    (record.refreshToken !== undefined && typeof record.refreshToken !== 'string')
  ) {
    throw new StoreError('the stored token record is damaged: it lacks accessToken, tokenType or expiresAt');
  }
  return parsed as StoredTokens;
}

/**
 * Replaces (or, with an empty ARGV[1], deletes) the record only if its fingerprint is one of
 * ARGV[3..]: the refresh token used for the refresh is still the stored one. ARGV[2] is the
 * record's time to live in ms, or empty for none.
 *
 * Why a fingerprint and not the token: with encryptionKey, Redis cannot read the sealed record,
 * and decrypting in the client inside WATCH/MULTI costs a round trip more and retries under
 * contention. The fingerprint is an HMAC keyed by a key derived from the encryptionKey (or,
 * without one, a SHA-256), so it reveals nothing about the token; with several keys, the caller
 * sends the fingerprint under each, so records written before a key rotation still compare.
 */
export const COMPARE_AND_SET_SCRIPT = `
local stored = redis.call('GET', KEYS[1])
if not stored then return 0 end
local fingerprint = string.match(stored, '^tokens1e? (%S+) ')
if not fingerprint or fingerprint == '${NO_REFRESH_TOKEN}' then return 0 end
for i = 3, #ARGV do
  if ARGV[i] == fingerprint then
    if ARGV[1] == '' then
      redis.call('DEL', KEYS[1])
    elseif ARGV[2] == '' then
      redis.call('SET', KEYS[1], ARGV[1])
    else
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    end
    return 1
  end
end
return 0
`;

/** Deletes the lock only if ARGV[1] (the caller's random owner id) still holds it. */
export const RELEASE_LOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
