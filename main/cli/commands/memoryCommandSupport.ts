import fs from 'node:fs';
import path from 'node:path';
import type { CliContext, Command } from '../command';
import { UsageError } from '../cliErrors';
import { commandUsage } from '../usage';
import { openDatabase } from '../../db/database';
import { MemoryEngine } from '../../memory/memoryEngine';
import { checkProjectFolder } from '../../projects/folderCheck';

/**
 * Runs `fn` with the memory engine of the CLI's project, its index brought up to date first
 * (a one-shot has no watcher), and closes the database afterwards.
 */
export async function withMemoryEngine<T>(ctx: CliContext, fn: (engine: MemoryEngine) => T | Promise<T>): Promise<T> {
  const root = checkProjectFolder(ctx.projectDir);
  const db = openDatabase(ctx.dataDir, { log: (line) => process.stderr.write(line + '\n') });
  try {
    const engine = new MemoryEngine({ db, projectRoot: root, dataDir: ctx.dataDir, log: (line) => ctx.say(line) });
    engine.sync();
    try {
      return await fn(engine);
    } finally {
      await engine.close();
    }
  } finally {
    db.close();
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
