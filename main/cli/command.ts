import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CliContext {
  /** The project folder: `--project`, or the current directory. */
  projectDir: string;
  /** Whether `--project` was given explicitly. */
  projectGiven: boolean;
  dataDir: string;
  json: boolean;
  /** The result: JSON on stdout with --json, else the human text on stdout. */
  result(json: unknown, human: string): void;
  /** Progress and remarks for people: stderr with --json, stdout otherwise. */
  say(line: string): void;
  /** Raw text on stdout, for commands that stream (JSON lines with --json, text as it comes). */
  write(text: string): void;
  /** Resolves when the process is asked to stop (Ctrl+C, SIGTERM); for long-running commands. */
  stopSignal: Promise<void>;
}

export interface Command {
  /** Words that name it, e.g. ['memory', 'add']. */
  words: string[];
  /** Shown after the words in usage, e.g. '--kind K --text T'. */
  synopsis: string;
  summary: string;
  options?: OptionSpec;
  positionals?: { min: number; max: number; names: string };
  run(ctx: CliContext, values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<void> | void;
}
