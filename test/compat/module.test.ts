import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from 'gmo-aozora-auth';
import * as compat from 'gmo-aozora-auth/compat';
import GanbLib, { type GanbLibOptions } from 'gmo-aozora-auth/compat';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './helpers.js';

const COMPAT_SOURCES = readdirSync(new URL('../../src/compat/', import.meta.url)).map((file) => new URL(`../../src/compat/${file}`, import.meta.url));

describe('the gmo-aozora-auth/compat module', () => {
  it('has the class as its default export and as GanbLib, and nothing else at runtime', () => {
    // A CommonJS build maps exactly these onto module.exports = GanbLib.
    expect(Object.keys(compat).sort()).toEqual(['GanbLib', 'default']);
    expect(compat.default).toBe(compat.GanbLib);
    expect(typeof GanbLib).toBe('function');
  });

  it('uses Web APIs only and reads no file: no node: import, no require, no JSON import, no console', () => {
    expect(COMPAT_SOURCES.length).toBeGreaterThanOrEqual(3);
    for (const file of COMPAT_SOURCES) {
      // Code only: the doc comments show users' require() calls.
      const source = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(source, file.pathname).not.toMatch(/from\s+['"]node:|import\(\s*['"]node:|\brequire\(/);
      expect(source, file.pathname).not.toMatch(/from\s+['"][^'"]+\.json['"]/);
      expect(source, file.pathname).not.toMatch(/\bconsole\./);
    }
  });
});

describe('new GanbLib(options)', () => {
  const valid: GanbLibOptions = { clientID: CLIENT_ID, clientSecret: CLIENT_SECRET };
  const authorizationUrl = async (options: GanbLibOptions) => new URL(await new GanbLib(options).oAuth.authorization('s', 'private:account', REDIRECT_URI));

  it('defaults to the staging environment, as the old SDK’s docs', async () => {
    const url = await authorizationUrl(valid);
    expect(url.href.startsWith('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/authorization?')).toBe(true);
  });

  it.each([
    [{ environment: 'production' as const }, 'https://api.gmo-aozora.com/ganb/api/auth/v1/authorization'],
    [{ environment: 'sunabar' as const }, 'https://api.sunabar.gmo-aozora.com/auth/v1/authorization'],
    [{ baseUrl: 'http://127.0.0.1:9/auth/v1' }, 'http://127.0.0.1:9/auth/v1/authorization'],
  ])('takes %o like createTokenClient', async (options, expected) => {
    const url = await authorizationUrl({ ...valid, ...options });
    expect(`${url.origin}${url.pathname}`).toBe(expected);
  });

  it.each<[string, unknown, string]>([
    ['no clientID', { clientSecret: CLIENT_SECRET }, 'clientID'],
    ['no clientSecret', { clientID: CLIENT_ID }, 'clientSecret'],
    ['nonceCallbacks that are not [save, check]', { ...valid, nonceCallbacks: [() => undefined] }, 'nonceCallbacks'],
    ['an unknown authMethod', { ...valid, authMethod: 'bearer' }, 'authMethod'],
    ['a short stateSecret', { ...valid, stateSecret: 'salt' }, 'stateSecret'],
    ['an unknown environment', { ...valid, environment: 'stg' }, 'environment'],
    ['a plain-http base URL off loopback', { ...valid, baseUrl: 'http://bank.example.com/auth/v1' }, 'baseUrl'],
    ['a timeoutMs of 0', { ...valid, timeoutMs: 0 }, 'timeoutMs'],
    ['no options at all', undefined, 'options'],
  ])('throws ConfigurationError for %s, naming the option', (_, options, option) => {
    let thrown: unknown;
    try {
      new GanbLib(options as GanbLibOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).option).toBe(option);
    expect((thrown as Error).message).not.toContain(CLIENT_SECRET);
  });
});
