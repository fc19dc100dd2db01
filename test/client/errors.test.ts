import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as library from 'gmo-aozora-auth';
import { ConfigurationError, GanbAuthError, InvalidInputError, isGanbAuthError, OAuthError, TimeoutError } from 'gmo-aozora-auth';

type Library = typeof library;

/** One instance of every error class the `.` entry exports, built through the public constructors. */
function oneOfEach(errors: Library): GanbAuthError[] {
  return [
    new errors.OAuthError({ error: 'invalid_grant', status: 400 }),
    new errors.AuthorizationError({ error: 'access_denied' }),
    new errors.InvalidCallbackError('carries neither a code nor an error'),
    new errors.InvalidResponseError({ status: 502, reason: 'not_json', detail: 'an HTML page' }),
    new errors.TimeoutError(5),
    new errors.NetworkError(new TypeError('fetch failed'), 'connect'),
    new errors.AbortedError(new Error('stop')),
    new errors.IdTokenError('nonce', 'the nonce does not match'),
    new errors.StateMismatchError(),
    new errors.InvalidInputError('redirectUri', 'must not be empty'),
    new errors.ConfigurationError('timeoutMs', 'must be a positive number'),
    new errors.LoginRequiredError('no tokens are stored for this key'),
    new errors.StoreError('the store did not answer', { cause: new Error('ECONNREFUSED') }),
    new errors.ConsentError(400, 'redirect_uri is not registered'),
  ];
}

const errorClassNames = Object.entries(library)
  .filter(([, value]) => typeof value === 'function' && value.prototype instanceof GanbAuthError)
  .map(([name]) => name)
  .sort();

describe('the error family', () => {
  it('covers every exported error class, each with its own literal name and code', () => {
    const errors = oneOfEach(library);
    expect(errors.map((error) => error.name).sort()).toEqual(errorClassNames);
    expect(new Set(errors.map((error) => error.code)).size).toBe(errors.length);
    for (const error of errors) {
      expect(error).toBeInstanceOf(GanbAuthError);
      expect(isGanbAuthError(error)).toBe(true);
      expect(error.stack?.split('\n')[0]).toBe(`${error.name}: ${error.message}`);
    }
    expect(isGanbAuthError(new Error('x'))).toBe(false);
    expect(isGanbAuthError({ name: 'OAuthError', code: 'OAUTH_ERROR' })).toBe(false);
  });

  it('keeps names and codes in a minified bundle, where class names are mangled', async () => {
    const bundle = await build({
      entryPoints: ['src/index.ts'],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
    });
    const code = bundle.outputFiles[0]!.text;
    // The test means something only if the minifier did rename the classes.
    expect(code).not.toMatch(/class TimeoutError\b/);
    const folder = mkdtempSync(join(tmpdir(), 'ganb-minified-'));
    try {
      const file = join(folder, 'index.mjs');
      writeFileSync(file, code);
      const minified = (await import(pathToFileURL(file).href)) as Library;
      expect(new minified.TimeoutError(5).toJSON()).toMatchObject({ name: 'TimeoutError', code: 'TIMEOUT', timeoutMs: 5 });
      const errors = oneOfEach(minified);
      expect(errors.map((error) => error.name).sort()).toEqual(errorClassNames);
      expect(errors.map((error) => error.code)).toEqual(oneOfEach(library).map((error) => error.code));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('serialises to a plain view with name, code, message and the class fields, never the cause', () => {
    const error = new OAuthError({ error: 'invalid_client', status: 401, errorDescription: 'bad secret', wwwAuthenticate: 'Basic realm="bank"' });
    expect(error.toJSON()).toEqual({
      name: 'OAuthError',
      code: 'OAUTH_ERROR',
      message: error.message,
      error: 'invalid_client',
      errorDescription: 'bad secret',
      errorUri: undefined,
      status: 401,
      wwwAuthenticate: 'Basic realm="bank"',
    });
    const stored = new library.StoreError('the store did not answer', { cause: new Error('password=hunter2') });
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    expect(Object.keys(stored.toJSON())).toEqual(['name', 'code', 'message']);
    expect(inspect(new TimeoutError(5))).toContain("code: 'TIMEOUT'");
  });

  it('keeps the problem of a bad argument or option as a field, apart from the message', () => {
    const input = new InvalidInputError('redirectUri', 'must not be empty');
    expect(input).toMatchObject({ field: 'redirectUri', problem: 'must not be empty', message: 'redirectUri must not be empty; nothing was sent.' });
    const option = new ConfigurationError('timeoutMs', 'must be a positive number');
    expect(option).toMatchObject({ option: 'timeoutMs', problem: 'must be a positive number', message: 'timeoutMs must be a positive number.' });
  });
});
