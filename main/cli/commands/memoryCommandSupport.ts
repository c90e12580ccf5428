import fs from 'node:fs';
import path from 'node:path';
import type { CliContext, Command } from '../command';
import { UsageError } from '../cliErrors';
import { commandUsage } from '../usage';
import { isDatabaseCorruption, openDatabase, rebuildDatabase, type Database } from '../../db/database';
import { MemoryEngine } from '../../memory/memoryEngine';
import { checkProjectFolder } from '../../projects/folderCheck';
import type { SemanticLayer } from '../../memory/semantic/semanticLayer';
import type { SecretStore } from '../../settings/secrets/secretStore';

export interface MemoryEngineUse {
  /**
   * Run `PRAGMA quick_check` at open (for long-lived or heavy commands: mcp, reindex); the
   * others meet damage as SQLITE_CORRUPT, which is handled the same way.
   */
  check?: boolean;
  /**
   * Whether `fn` may simply run again on a rebuilt database. Not for writes: the file may
   * already hold the change when the database failed, and a second run would add it twice.
   */
  rerunnable?: boolean;
  /**
   * Rank with the semantic layer when embeddings are on (search, context, mcp, embed). Loaded
   * only then: its settings and key storage cost heap a bounded import cannot spare.
   */
  semantic?: boolean;
}

/**
 * Runs `fn` with the memory engine of the CLI's project, its index brought up to date first
 * (a one-shot has no watcher), and closes the database afterwards. A damaged engram.db is
 * moved aside and rebuilt from the files, what only it held copied back (one line on stderr
 * says so); `fn` then runs again
 * when it is rerunnable, else the person is told to check and run the command again.
 */
export async function withMemoryEngine<T>(
  ctx: CliContext,
  fn: (engine: MemoryEngine) => T | Promise<T>,
  use: MemoryEngineUse = { rerunnable: true },
): Promise<T> {
  const root = checkProjectFolder(ctx.projectDir);
  const log = (line: string) => process.stderr.write(line + '\n');
  const attempt = async (check: boolean, run: typeof fn) => {
    const db = openDatabase(ctx.dataDir, { log, check });
    try {
      const semantic = use.semantic ? await semanticLayer(db, ctx.dataDir) : undefined;
      const engine = new MemoryEngine({ db, projectRoot: root, dataDir: ctx.dataDir, log: (line) => ctx.say(line), semantic });
      engine.sync();
      try {
        return await run(engine);
      } finally {
        await engine.close();
        await semantic?.stop();
      }
    } finally {
      db.close();
    }
  };
  try {
    return await attempt(Boolean(use.check), fn);
  } catch (err) {
    if (!isDatabaseCorruption(err)) throw err;
    // Moved aside, what only the database held copied back, the index rebuilt by `attempt`.
    rebuildDatabase(ctx.dataDir, err as Error, { log }).db.close();
    if (use.rerunnable) return await attempt(false, fn);
    // Rebuild the index from the files now, so the next command starts from a sound database.
    await attempt(false, () => undefined as T);
    throw new Error(
      'engram.db was damaged while this command ran; it is rebuilt from the files now. The change may already be in ' +
        'the memory files: check (engram memory search) before you run the command again.',
    );
  }
}

/** A positive whole number from a flag, or a usage error naming the flag. */
export function positiveInt(command: Command, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number`, commandUsage(command));
  return n;
}

export function requiredString(command: Command, name: string, value: unknown): string {
  if (typeof value !== 'string' || !value.length) throw new UsageError(`--${name} is required`, commandUsage(command));
  return value;
}

/**
 * The values of a JSON-lines file with their 1-based line numbers. Blank lines are ignored; a
 * line that is not JSON goes to `skip` (the caller says so on stderr) and the others still count.
 */
export function readJsonLines(file: string, skip: (line: number, why: string) => void): { line: number; value: unknown }[] {
  const abs = path.resolve(file);
  let content: string;
  try {
    content = fs.readFileSync(abs, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const out: { line: number; value: unknown }[] = [];
  content.split('\n').forEach((raw, i) => {
    const text = raw.trim();
    if (!text) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(text) });
    } catch {
      skip(i + 1, 'not JSON');
    }
  });
  return out;
}

async function semanticLayer(db: Database, dataDir: string): Promise<SemanticLayer> {
  const [{ oneShotSemanticLayer }, { defaultSecrets }] = await Promise.all([import('../../memory/semantic/semanticLayer'), import('../../settings/secrets/defaultSecrets')]);
  return oneShotSemanticLayer({ db, dataDir, env: process.env, secrets: lazySecrets(() => defaultSecrets(dataDir)) });
}

/** The key storage, opened only when a key is asked for (semantic search off: never). */
function lazySecrets(make: () => SecretStore): SecretStore {
  let store: SecretStore | null = null;
  const open = () => (store ??= make());
  return {
    get kind() {
      return open().kind;
    },
    get description() {
      return open().description;
    },
    get: (name) => open().get(name),
    set: (name, value) => open().set(name, value),
  };
}

/** With semantic search on but its model failing, one line says the answer is lexical, and why. */
export function sayIfLexicalOnly(ctx: CliContext, engine: MemoryEngine): void {
  const why = engine.semantic?.lastError;
  if (why) ctx.say(`engram: semantic search unavailable (${why}); these results are lexical only`);
}
