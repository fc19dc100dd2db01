import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createMemoryTokenStore,
  createTokenClient,
  createTokenManager,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type TokenClientOptions,
} from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET } from './fixtures.js';

/**
 * Numeric options are checked when the client is created: a value that would quietly switch a
 * check off (an infinite clock tolerance accepts any exp and iat) or that arrives as a string
 * from an environment variable must fail at start-up, naming the option.
 */

const base: TokenClientOptions = { environment: 'staging', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };

function configurationError(override: Record<string, unknown>): ConfigurationError {
  try {
    createTokenClient({ ...base, ...override } as TokenClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error(`createTokenClient accepted ${JSON.stringify(override)}`);
}

describe('positive-number options', () => {
  const options = ['clockToleranceSec', 'idTokenMaxAgeSec', 'timeoutMs', 'maxResponseBytes'] as const;
  const bad: [string, unknown][] = [
    ['Infinity', Number.POSITIVE_INFINITY],
    ['NaN', Number.NaN],
    ['zero', 0],
    ['a negative number', -1],
    ['a digit string', '5000'],
    ['null', null],
  ];

  for (const option of options) {
    it.each(bad)(`${option}: %s is refused as a ConfigurationError naming ${option}`, (_what, value) => {
      const error = configurationError({ [option]: value });
      expect(error).toMatchObject({ code: 'INVALID_CONFIGURATION', option });
      expect(error.message).toContain('must be a positive number');
    });

    it(`${option}: a small positive number is accepted`, () => {
      expect(() => createTokenClient({ ...base, [option]: 0.5 })).not.toThrow();
    });
  }
});

describe('retry option', () => {
  it.each([
    ['attempts 0', { attempts: 0 }, 'retry.attempts'],
    ['attempts 11', { attempts: 11 }, 'retry.attempts'],
    ['attempts 1.5', { attempts: 1.5 }, 'retry.attempts'],
    ['attempts as a string', { attempts: '3' }, 'retry.attempts'],
    ['a negative baseDelayMs', { baseDelayMs: -1 }, 'retry.baseDelayMs'],
    ['an infinite baseDelayMs', { baseDelayMs: Number.POSITIVE_INFINITY }, 'retry.baseDelayMs'],
    ['a negative maxDelayMs', { maxDelayMs: -1 }, 'retry.maxDelayMs'],
    ['a NaN maxDelayMs', { maxDelayMs: Number.NaN }, 'retry.maxDelayMs'],
  ])('%s is refused, naming the field', (_what, retry, option) => {
    const error = configurationError({ retry });
    expect(error).toMatchObject({ option });
    expect(error.message).toMatch(option === 'retry.attempts' ? /integer from 1 to 10/ : /must be a number ≥ 0/);
  });

  it.each([
    ['null', null],
    ['true', true],
    ['a number', 3],
  ])('retry: %s is refused: only false or an object', (_what, retry) => {
    const error = configurationError({ retry });
    expect(error).toMatchObject({ option: 'retry' });
    expect(error.message).toMatch(/false or an object/);
  });

  it.each([
    ['the bounds of attempts', { attempts: 1 }],
    ['ten attempts', { attempts: 10 }],
    ['zero delays', { baseDelayMs: 0, maxDelayMs: 0 }],
    ['fields left undefined', { attempts: undefined, baseDelayMs: undefined }],
    ['false', false],
  ])('accepts %s', (_what, retry) => {
    expect(() => createTokenClient({ ...base, retry: retry as TokenClientOptions['retry'] })).not.toThrow();
  });
});

describe('other options', () => {
  it('a fetch that is not a function is refused', () => {
    expect(configurationError({ fetch: 'https://example.com' })).toMatchObject({ option: 'fetch' });
  });

  it('nonce hooks missing save, or not an object, are refused', () => {
    expect(configurationError({ nonce: { check: () => true } })).toMatchObject({ option: 'nonce' });
    expect(configurationError({ nonce: 'memory' })).toMatchObject({ option: 'nonce' });
  });

  it('client_secret_post is an accepted auth method', () => {
    expect(createTokenClient({ ...base, authMethod: 'client_secret_post' }).config.authMethod).toBe('client_secret_post');
    expect(createTokenClient(base).config.authMethod).toBe('client_secret_basic');
  });

  it('options that are not an object are refused as bad input', () => {
    expect(() => createTokenClient(null as never)).toThrow(/options must be an object \(got null\)/);
    expect(() => createTokenClient([] as never)).toThrow(/got array/);
  });
});

describe('client.config: the resolved timing, for the token manager and for logs', () => {
  it('shows the exported defaults when no timing option is given', () => {
    const { config } = createTokenClient(base);
    expect(config.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    expect(config.retry).toEqual(DEFAULT_RETRY);
    expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
    expect(DEFAULT_RETRY).toEqual({ attempts: 3, baseDelayMs: 250, maxDelayMs: 10_000 });
  });

  it('shows the given values, a partial retry completed from DEFAULT_RETRY, and retry: false as one attempt', () => {
    const custom = createTokenClient({ ...base, timeoutMs: 2_500, retry: { attempts: 5, maxDelayMs: undefined } }).config;
    expect(custom).toMatchObject({ timeoutMs: 2_500, retry: { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000 } });
    expect(createTokenClient({ ...base, retry: false }).config.retry).toEqual({ ...DEFAULT_RETRY, attempts: 1 });
  });

  it('cannot be changed through the config or the exported defaults', () => {
    const { config } = createTokenClient({ ...base, retry: { attempts: 2 } });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.retry)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RETRY)).toBe(true);
    expect(() => {
      (DEFAULT_RETRY as { attempts: number }).attempts = 10;
    }).toThrow(TypeError);
  });

  it("sizes the token manager's refresh lock from the client's own timeoutMs and retry", () => {
    const client = createTokenClient({ ...base, timeoutMs: 1_500, retry: { attempts: 4, maxDelayMs: 2_000 } });
    const manager = createTokenManager({ client, store: createMemoryTokenStore() });
    // 4 tries × 1 500 ms + 3 waits × 2 000 ms + the 5 000 ms margin.
    expect(JSON.parse(JSON.stringify(manager)).lockTtlMs).toBe(17_000);
    const defaults = createTokenManager({ client: createTokenClient(base) });
    expect(JSON.parse(JSON.stringify(defaults)).lockTtlMs).toBe(55_000);
  });
});
