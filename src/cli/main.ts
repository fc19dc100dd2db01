import { parseArgs } from 'node:util';
import { authorizeUrlCommand } from './commands/authorize-url.js';
import { demoCommand } from './commands/demo.js';
import { exchangeCommand } from './commands/exchange.js';
import { loginCommand } from './commands/login.js';
import { mockBankCommand } from './commands/mock-bank.js';
import { refreshCommand } from './commands/refresh.js';
import { describeFailure, EXIT, EXIT_CODES_HELP, exitCodeFor } from './failures.js';
import type { Command, Io, Values } from './io.js';

/** Every command, in the order `--help` lists them. */
const COMMANDS: readonly Command[] = [loginCommand, authorizeUrlCommand, exchangeCommand, refreshCommand, mockBankCommand, demoCommand];

const MAIN_HELP = `Usage: gmo-aozora-auth <command> [options]

A command line for GMO Aozora Net Bank's OAuth 2.0 / OpenID Connect auth API.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(15)}${command.summary}`).join('\n')}

Run "gmo-aozora-auth <command> --help" for a command's options. Credentials come from flags or
GANB_CLIENT_ID, GANB_CLIENT_SECRET, GANB_ENVIRONMENT (or GANB_BASE_URL), GANB_AUTH_METHOD.
Tokens are printed masked unless --show-tokens is given.

${EXIT_CODES_HELP}`;

/**
 * What was wrong with the arguments. parseArgs names options but quotes a stray positional
 * argument, which may be a token pasted without its flag: that one is described, not echoed.
 */
function argumentProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'unexpected argument: values go after their flag (e.g. --refresh-token TOKEN).';
  if (error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'))
    return `${error.message.replace(/\n/g, ' ').replace(/\.?$/, '.')}`;
  return 'invalid arguments.';
}

/**
 * Runs the CLI with `argv` (without node and the script) and resolves to the exit code.
 * Failures are reported on stderr, as one line or, with `--json`, as one JSON object.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(MAIN_HELP);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`gmo-aozora-auth: unknown command "${name.slice(0, 40)}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. Run "gmo-aozora-auth --help".`);
    return EXIT.USAGE;
  }
  let values: Values;
  try {
    ({ values } = parseArgs({ args: [...rest], options: command.options, strict: true, allowPositionals: false }));
  } catch (error) {
    io.err(`gmo-aozora-auth ${name}: ${argumentProblem(error)} Run "gmo-aozora-auth ${name} --help".`);
    return EXIT.USAGE;
  }
  if (values.help) {
    io.out(command.help);
    return EXIT.OK;
  }
  try {
    return await command.run(values, io);
  } catch (error) {
    const failure = describeFailure(error);
    io.err(values.json ? JSON.stringify({ error: failure.json }) : `gmo-aozora-auth ${name}: ${failure.text}`);
    return exitCodeFor(error);
  }
}
