import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './failures.js';

/** What a command may touch: output streams, environment, and a signal that fires on Ctrl-C. */
export interface Io {
  /** Writes a line to stdout: results only, so `--json` output can be piped. */
  out(text: string): void;
  /** Writes a line to stderr: progress, prompts, warnings and errors. */
  err(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborts on SIGINT / SIGTERM. */
  readonly signal: AbortSignal;
  /** Reads all of stdin (for `--refresh-token -`). */
  readStdin(): Promise<string>;
}

/** Parsed flag values. */
export type Values = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/** One CLI command. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Runs the command; resolves to the exit code, throws for failures (mapped to exit codes by the caller). */
  run(values: Values, io: Io): Promise<number>;
}

/** A string flag's value, if given. */
export function stringFlag(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Whether a boolean flag was given. */
export function booleanFlag(values: Values, name: string): boolean {
  return values[name] === true;
}

/** A string flag that must be given. */
export function requiredFlag(values: Values, name: string, hint = ''): string {
  const value = stringFlag(values, name);
  if (!value) throw new UsageError(`--${name} is required${hint ? `: ${hint}` : ''}`);
  return value;
}
