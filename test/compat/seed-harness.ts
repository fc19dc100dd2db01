import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import GanbLib, { type GanbLibOptions, type GanbOAuth, type TokenResponse } from 'gmo-aozora-auth/compat';
import { InvalidInputError } from 'gmo-aozora-auth';
import type { FakeTokenEndpoint } from '../support/token-endpoint.js';
import { basic, captureConsole, REDIRECT_URI, TOKENS } from './helpers.js';

/**
 * The bank's SDK document, a byte-for-byte copy of the project seed `../shared/seeds/TokenApi.md`.
 * The examples are read from it at test time, so they run exactly as published.
 */
const SEED = readFileSync(new URL('./fixtures/TokenApi.md', import.meta.url), 'utf8');

/** The path the seed's examples load the old SDK from. */
const SEED_REQUIRE_PATH = './gmo-aozora-api-nodejs/index.js';

/** The text of a `#### <heading>` javascript block of the seed. */
function seedExample(heading: 'get new token' | 'refresh token'): string {
  const block = new RegExp(`^#### ${heading}\\n\`\`\`javascript\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(SEED);
  if (!block?.[1]) throw new Error(`the seed has no "${heading}" example`);
  return block[1];
}

type Outcome = { status: 'fulfilled'; value: TokenResponse } | { status: 'rejected'; reason: unknown };

/**
 * Runs an example's source as the CommonJS script it is. Only two things differ from running it
 * under the old SDK, and neither is a change to its text: its `require(SEED_REQUIRE_PATH)`
 * returns our `GanbLib` (through a subclass that adds `extra`, the base URL of a test server,
 * to the constructor options), and each call's promise is recorded so the test can wait for it.
 */
async function runSeedExample(source: string, extra: Partial<GanbLibOptions> = {}): Promise<{ outcomes: Outcome[]; required: string[] }> {
  const calls: Promise<Outcome>[] = [];
  const track = (promise: Promise<TokenResponse>): Promise<TokenResponse> => {
    calls.push(
      promise.then(
        (value) => ({ status: 'fulfilled', value }),
        (reason: unknown) => ({ status: 'rejected', reason }),
      ),
    );
    // The example chains `.then(console.log)` with no rejection handler. Mark that chain handled,
    // so an expected rejection is asserted by the test instead of failing the run as unhandled.
    const then = promise.then.bind(promise) as (...args: unknown[]) => Promise<unknown>;
    return Object.assign(promise, {
      // biome-ignore lint/suspicious/noThenProperty: wraps the promise's own then, to mark its chains handled
      then: (...args: unknown[]) => {
        const chained = then(...args);
        chained.catch(() => undefined);
        return chained;
      },
    }) as Promise<TokenResponse>;
  };
  class Harness extends GanbLib {
    constructor(options: GanbLibOptions) {
      super({ ...options, ...extra });
    }
    override get oAuth(): GanbOAuth {
      const api = super.oAuth;
      return { ...api, getToken: (params) => track(api.getToken(params)) };
    }
    override refreshTokens(refreshToken: string, options?: { signal?: AbortSignal }): Promise<TokenResponse> {
      return track(super.refreshTokens(refreshToken, options));
    }
  }
  const required: string[] = [];
  const seedRequire = (path: string) => {
    required.push(path);
    if (path !== SEED_REQUIRE_PATH) throw new Error(`the example required ${path}`);
    return Harness;
  };
  new Function('require', source)(seedRequire);
  return { outcomes: await Promise.all(calls), required };
}

/**
 * The seed's two examples against a fake bank reached as `setup` says (msw at the staging URL,
 * or a loopback server): what went over the wire, what the example printed, and nothing else.
 */
export function describeSeedExamples(title: string, setup: () => { bank: FakeTokenEndpoint; extra: Partial<GanbLibOptions>; tokenUrl: () => string }) {
  describe(title, () => {
    let output: ReturnType<typeof captureConsole>;
    beforeEach(() => {
      setup().bank.seen.length = 0;
      output = captureConsole();
    });
    afterEach(() => output.restore());

    it('"get new token" as published is refused before anything is sent: "redirectUri_example" is not a URI', async () => {
      const { bank, extra } = setup();
      const { outcomes, required } = await runSeedExample(seedExample('get new token'), extra);
      expect(required).toEqual([SEED_REQUIRE_PATH]);
      expect(outcomes).toHaveLength(1);
      const [outcome] = outcomes;
      expect(outcome?.status).toBe('rejected');
      const reason = (outcome as { reason: unknown }).reason;
      expect(reason).toBeInstanceOf(InvalidInputError);
      expect((reason as InvalidInputError).field).toBe('redirect_uri');
      expect(bank.seen).toHaveLength(0);
      expect(output.calls()).toEqual([]);
    });

    it('"get new token" with a registered redirect URI in place of the placeholder', async () => {
      const { bank, extra, tokenUrl } = setup();
      const published = seedExample('get new token');
      // The one value replaced: the placeholder stands for an absolute, registered URI.
      expect(published.split('"redirectUri_example"')).toHaveLength(2);
      const source = published.replace('"redirectUri_example"', JSON.stringify(REDIRECT_URI));

      const { outcomes } = await runSeedExample(source, extra);
      expect(outcomes).toEqual([{ status: 'fulfilled', value: TOKENS }]);
      expect(bank.seen).toHaveLength(1);
      const [request] = bank.seen;
      expect(request?.url).toBe(tokenUrl());
      expect(request?.method).toBe('POST');
      expect(request?.contentType).toBe('application/x-www-form-urlencoded');
      // authMethod 'basic': the Authorization header only, no credentials in the body.
      expect(request?.authorization).toBe(basic('clientID_example', 'clientSecret_example'));
      expect(request?.fields).toEqual([
        ['grant_type', 'authorization_code'],
        ['code', 'code_example'],
        ['redirect_uri', REDIRECT_URI],
      ]);
      // The example's own console.log(result), and nothing from the library.
      expect(output.calls()).toEqual([{ method: 'log', args: [TOKENS] }]);
    });

    it('"refresh token" as published', async () => {
      const { bank, extra, tokenUrl } = setup();
      const { outcomes, required } = await runSeedExample(seedExample('refresh token'), extra);
      expect(required).toEqual([SEED_REQUIRE_PATH]);
      expect(outcomes).toEqual([{ status: 'fulfilled', value: TOKENS }]);
      expect(bank.seen).toHaveLength(1);
      const [request] = bank.seen;
      expect(request?.url).toBe(tokenUrl());
      expect(request?.contentType).toBe('application/x-www-form-urlencoded');
      // One client authentication method (the default, basic); the old SDK sent both.
      expect(request?.authorization).toBe(basic('clientID_example', 'clientSecret_example'));
      expect(request?.fields).toEqual([
        ['grant_type', 'refresh_token'],
        ['refresh_token', 'refresh token_example'],
      ]);
      expect(output.calls()).toEqual([{ method: 'log', args: [TOKENS] }]);
    });
  });
}
