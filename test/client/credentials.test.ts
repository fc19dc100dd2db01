import { describe, expect, it } from 'vitest';
import { basicAuthorization } from 'gmo-aozora-auth';

/** Reverses RFC 6749 §2.3.1: base64, split on the first colon, form-urldecode each part. */
function decodeBasic(header: string): [string, string] {
  const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const formDecode = (part: string) => new URLSearchParams(`x=${part}`).get('x')!;
  return [formDecode(decoded.slice(0, colon)), formDecode(decoded.slice(colon + 1))];
}

describe('client_secret_basic header (RFC 6749 §2.3.1)', () => {
  it('matches the RFC 6749 worked example', () => {
    expect(basicAuthorization('s6BhdRkqt3', 'gX1fBat3bV')).toBe('Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW');
  });

  it('form-urlencodes id and secret before joining, so a colon in the id cannot shift the split', () => {
    const header = basicAuthorization('id:with colon', 'se:cret&=+');
    expect(Buffer.from(header.slice(6), 'base64').toString()).toBe('id%3Awith+colon:se%3Acret%26%3D%2B');
    expect(decodeBasic(header)).toEqual(['id:with colon', 'se:cret&=+']);
  });

  it('is UTF-8 safe', () => {
    expect(decodeBasic(basicAuthorization('クライアント', '秘密🔑'))).toEqual(['クライアント', '秘密🔑']);
  });
});
