import { parseArgs } from 'node:util';
import path from 'node:path';
import type { CliContext, Command, OptionSpec } from './command';
import { commandModules, loadAllCommands, type CommandModule } from './commands';
import { UsageError } from './cliErrors';
import { commandUsage, usageText } from './usage';
import { UnknownKindError } from '../memory/kinds';
import { resolveDataDir } from '../paths/dataDir';
import { ENGRAM_VERSION } from '../core/version';

const GLOBAL_OPTIONS: OptionSpec = {
  project: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stopSignal: Promise<void>;
}

/**
 * Runs one CLI invocation and returns its exit code: 0 success, 1 failure (one line on
 * stderr), 2 bad usage (usage on stderr).
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const fullUsage = async () => usageText(await loadAllCommands());
  let command: Command | undefined;
  try {
    const words = commandWords(argv);
    command = await findCommand(words)?.load();
    const spec = { ...GLOBAL_OPTIONS, ...(command?.options ?? {}) };
    let parsed;
    try {
      parsed = parseArgs({ args: negativeNumbersLast(attachDashValues(argv, spec), spec), options: spec, allowPositionals: true, strict: true });
    } catch (err) {
      throw new UsageError(parseErrorMessage(err as Error & { code?: string }, command), command ? commandUsage(command) : await fullUsage());
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.version) {
      io.stdout(values.json ? JSON.stringify({ version: ENGRAM_VERSION }) + '\n' : `engram ${ENGRAM_VERSION}\n`);
      return 0;
    }
    if (values.help) {
      io.stdout((command ? commandUsage(command) : await fullUsage()) + '\n');
      return 0;
    }
    if (!words.length) throw new UsageError('no command given', await fullUsage());
    if (!command) throw await unknownCommand(words, fullUsage);
    const positionals = parsed.positionals.slice(command.words.length);
    const limits = command.positionals ?? { min: 0, max: 0, names: '' };
    if (positionals.length < limits.min || positionals.length > limits.max) {
      throw new UsageError(
        limits.max === 0 ? `unexpected argument: ${positionals[0]}` : `expected ${limits.names}`,
        commandUsage(command),
      );
    }
    const json = Boolean(values.json);
    const ctx: CliContext = {
      projectDir: path.resolve(io.cwd, (values.project as string | undefined) ?? '.'),
      projectGiven: values.project !== undefined,
      dataDir: resolveDataDir(values['data-dir'] as string | undefined, io.env),
      json,
      result: (data, human) => io.stdout(json ? JSON.stringify(data) + '\n' : human + '\n'),
      say: (line) => (json ? io.stderr : io.stdout)(line + '\n'),
      write: (text) => io.stdout(text),
      stopSignal: io.stopSignal,
    };
    await command.run(ctx, values, positionals);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof UnknownKindError) {
      // The usage of the command the person meant, when there is one: not all 35 lines.
      const usage = (err instanceof UsageError ? err.usage : undefined) ?? (command ? commandUsage(command) : await fullUsage());
      io.stderr(`engram: ${err.message}\n\n${usage}\n`);
      return 2;
    }
    const message = (err as Error)?.message ?? String(err);
    io.stderr(`engram: ${message.split('\n')[0]}\n`);
    if (io.env.ENGRAM_DEBUG) io.stderr(`${(err as Error)?.stack}\n`);
    return 1;
  }
}

/**
 * The command words: the leading positionals, skipping the values of global flags. Flags may
 * stand before or after the command.
 */
function commandWords(argv: string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a.startsWith('-')) {
      const name = a.replace(/^-+/, '').split('=')[0];
      const spec = GLOBAL_OPTIONS[name];
      if (spec?.type === 'string' && !a.includes('=')) i++;
      continue;
    }
    words.push(a);
  }
  return words;
}

/**
 * `engram memory` (a group, not a command) lists its subcommands; `engram memory fetch` says
 * which subcommand is unknown. Anything else: the full usage.
 */
async function unknownCommand(words: string[], fullUsage: () => Promise<string>): Promise<UsageError> {
  const group = commandModules.filter((c) => c.words.length > 1 && c.words[0] === words[0]);
  if (!group.length) return new UsageError(`unknown command: ${words.join(' ')}`, await fullUsage());
  const loaded = await Promise.all(group.map((c) => c.load()));
  const names = group.map((c) => c.words[1]).join(', ');
  const message = words.length === 1 ? `${words[0]} needs a subcommand: ${names}` : `unknown ${words[0]} subcommand: ${words[1]} (use ${names})`;
  return new UsageError(message, usageText(loaded).split('\n\nOptions:')[0]);
}

/**
 * `--budget -5`: a string option's value that starts with a dash is attached (`--budget=-5`),
 * so it reaches the command's own check ("must be a positive whole number") instead of
 * parseArgs calling the option ambiguous.
 */
function attachDashValues(argv: string[], spec: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : null;
    const next = argv[i + 1];
    if (name && spec[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * `config set maxSteps -3`: a negative number standing as an argument is an argument, not a
 * cluster of short options. The arguments are moved after a `--` (in their order, options
 * first), so it reaches the command, which says what the value may be.
 */
function negativeNumbersLast(argv: string[], spec: OptionSpec): string[] {
  const end = argv.indexOf('--');
  const head = end === -1 ? argv : argv.slice(0, end);
  if (!head.some((a) => /^-\d+(\.\d+)?$/.test(a))) return argv;
  const options: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < head.length; i++) {
    const a = head[i];
    if (/^-\d+(\.\d+)?$/.test(a) || !a.startsWith('-')) {
      positionals.push(a);
      continue;
    }
    options.push(a);
    const name = a.startsWith('--') ? a.slice(2) : null;
    if (name && !name.includes('=') && spec[name]?.type === 'string' && i + 1 < head.length) options.push(head[++i]);
  }
  return [...options, '--', ...positionals, ...(end === -1 ? [] : argv.slice(end + 1))];
}

/** parseArgs' messages, in the CLI's words (theirs quote unevenly and speak of positionals). */
function parseErrorMessage(err: Error & { code?: string }, command: Command | undefined): string {
  const flag = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1] ?? '';
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    if (!command) return `unknown option ${flag}`;
    const own = Object.keys(command.options ?? {}).map((o) => `--${o}`);
    const name = command.words.join(' ');
    return own.length ? `${name} has no option ${flag} (its options: ${own.join(', ')})` : `${name} takes no option ${flag}`;
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(err.message) ? `${flag} needs a value` : `${flag}: ${err.message.split('\n')[0].replace(/'/g, '')}`;
  }
  return err.message.split('\n')[0].replace(/'/g, '');
}

/** The longest command whose words begin `words`. */
function findCommand(words: string[]): CommandModule | undefined {
  return commandModules
    .filter((c) => c.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.words.length - a.words.length)[0];
}
