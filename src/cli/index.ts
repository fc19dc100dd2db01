#!/usr/bin/env node
/**
 * The `gmo-aozora-auth` command: wires `main` to the process (argv, streams, environment,
 * Ctrl-C). Everything testable lives in `main.ts` and the command modules.
 *
 * @packageDocumentation
 */
import { InterruptedError } from './failures.js';
import { main } from './main.js';

const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // The first signal lets the running command stop cleanly (close listeners, servers); a second one ends the process.
  process.once(signal, () => {
    interrupt.abort(new InterruptedError(`interrupted by ${signal}`));
    process.once(signal, () => process.exit(130));
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  env: process.env,
  signal: interrupt.signal,
  readStdin,
});
