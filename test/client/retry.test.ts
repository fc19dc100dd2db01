import { expect, it } from 'vitest';
import { createTokenClient, type InvalidResponseError } from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, jsonAnswer } from './fixtures.js';

/** A client whose fetch plays the given answers in order and counts the requests. */
function clientAnswering(...answers: (() => Response)[]) {
  let requests = 0;
  const client = createTokenClient({
    baseUrl: 'https://bank.example/auth/v1',
    issuer: 'https://bank.example',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    maxResponseBytes: 1024,
    retry: { attempts: 3, baseDelayMs: 1 },
    fetch: async () => answers[requests++]!(),
  });
  return { client, requests: () => requests };
}

const hugePage = (status: number) => () => new Response('<html>'.padEnd(5000, 'x'), { status, headers: { 'Content-Type': 'text/html' } });

it('retries a 503 even when its page is over maxResponseBytes: the status decides, not the body', async () => {
  const { client, requests } = clientAnswering(hugePage(503), () => jsonAnswer({ access_token: 'a', token_type: 'Bearer' }));
  await expect(client.refresh({ refreshToken: 'r' })).resolves.toMatchObject({ access_token: 'a' });
  expect(requests()).toBe(2);
});

it('does not retry an oversized 200: the same answer would come again', async () => {
  const { client, requests } = clientAnswering(hugePage(200), () => jsonAnswer({ access_token: 'a', token_type: 'Bearer' }));
  await expect(client.refresh({ refreshToken: 'r' })).rejects.toMatchObject({ reason: 'body_too_large', status: 200 } satisfies Partial<InvalidResponseError>);
  expect(requests()).toBe(1);
});
