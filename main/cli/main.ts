import { parseArgs } from 'node:util';
import path from 'node:path';
import type { CliContext, Command, OptionSpec } from './command';
import { commandModules, loadAllCommands, type CommandModule } from './commands';
import { UsageError } from './cliErrors';
import { commandUsage, usageText } from './usage';
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
      parsed = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
    } catch (err) {
      throw new UsageError((err as Error).message.split('\n')[0], command ? commandUsage(command) : await fullUsage());
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
    if (!command) throw new UsageError(`unknown command: ${words.join(' ')}`, await fullUsage());
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
    if (err instanceof UsageError) {
      io.stderr(`engram: ${err.message}\n\n${err.usage ?? (await fullUsage())}\n`);
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

/** The longest command whose words begin `words`. */
function findCommand(words: string[]): CommandModule | undefined {
  return commandModules
    .filter((c) => c.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.words.length - a.words.length)[0];
}
