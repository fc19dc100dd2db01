// Values that travel in URLs (state, nonce) and in Redis keys (lock owners) are base64url without
// padding (RFC 4648 §5): "=" would have to be percent-encoded in a query.
import { describe, expect, it } from 'vitest';
import { base64url, randomToken } from '../../src/shared/random.js';

describe('base64url', () => {
  it('uses - and _ and never pads, whatever the length', () => {
    expect(base64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(base64url(new Uint8Array([0xfb]))).toBe('-w');
    expect(base64url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
  });

  it('random tokens of 16 and 32 bytes are 22 and 43 URL-safe characters', () => {
    expect(randomToken(16)).toMatch(/^[\w-]{22}$/);
    expect(randomToken()).toMatch(/^[\w-]{43}$/);
  });
});
