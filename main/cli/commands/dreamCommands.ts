import { defaultSecrets } from '../../settings/secrets/defaultSecrets';
import type { CliContext, Command } from '../command';
import { openDatabase } from '../../db/database';
import { MemoryEngine } from '../../memory/memoryEngine';
import { checkProjectFolder } from '../../projects/folderCheck';
import { dreamModelFromSettings } from '../../dream/agentDreamModel';
import { runDream } from '../../dream/dreamRunner';
import { revertDream } from '../../dream/dreamRevert';
import { restoreDreamHistory } from '../../dream/dreamHistoryFiles';
import { DreamStore } from '../../dream/dreamStore';
import { renderDryRun } from '../../dream/dreamReport';
import type { DreamFigures } from '../../dream/dreamTypes';
import { describeRedactions } from '../../secrets/secretScanner';
import fs from 'node:fs';
import { engramLayout } from '../../../contract/engramLayout';

/** Runs `fn` with the database, then brings the memory index in step with what it wrote. */
async function withDreamDb<T>(ctx: CliContext, fn: (db: ReturnType<typeof openDatabase>, root: string) => Promise<T> | T): Promise<T> {
  const root = fs.realpathSync(checkProjectFolder(ctx.projectDir));
  const db = openDatabase(ctx.dataDir, { log: (line) => process.stderr.write(line + '\n'), check: true });
  try {
    const result = await fn(db, root);
    const engine = new MemoryEngine({ db, projectRoot: root, dataDir: ctx.dataDir });
    engine.sync();
    await engine.close();
    return result;
  } finally {
    db.close();
  }
}

function human(f: DreamFigures, dryRun: boolean): string {
  // No MEMORY.md: a dream had nothing to read, and wrote nothing (no record, no report).
  if (!dryRun && !f.id) return `Nothing to dream yet: ${engramLayout.memoryFile} does not exist. The agent writes it as it works; \`engram memory add\` adds to it.`;
  const head = dryRun ? 'Dry run (nothing written):' : `Dream ${f.id}:`;
  return (
    `${head} merged ${f.merged}, paths fixed ${f.pathsFixed}, paths flagged ${f.pathsFlagged}, ` +
    `promoted ${f.promoted}, superseded ${f.superseded}; MEMORY.md ${f.bytesBefore} → ${f.bytesAfter} bytes` +
    (f.id ? `\nReport: ${engramLayout.dreamReport(f.id)} · undo: engram dream revert ${f.id}` : '')
  );
}

export const dreamCommand: Command = {
  words: ['dream'],
  synopsis: '[--no-llm] [--dry-run]',
  summary: 'consolidate project memory now: merge duplicates, repair paths, absolute dates, size budget',
  options: { 'no-llm': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  async run(ctx, values) {
    const dryRun = Boolean(values['dry-run']);
    const outcome = await withDreamDb(ctx, async (db, root) => {
      const model = values['no-llm'] ? null : dreamModelFromSettings(ctx.dataDir, root, process.env, defaultSecrets(ctx.dataDir), db);
      const stop = new AbortController();
      void ctx.stopSignal.then(() => stop.abort());
      return runDream({ db, dataDir: ctx.dataDir, projectRoot: root, dryRun, model, signal: stop.signal, log: (line) => process.stderr.write(line + '\n') });
    });
    const f = outcome.figures;
    const redacted = outcome.plan.log.redacted;
    if (redacted.length) {
      const kinds = redacted.flatMap((r) => r.kinds.map((kind) => ({ kind })));
      process.stderr.write(`engram: ${describeRedactions(kinds)} in ${redacted.map((r) => r.id).join(', ')}\n`);
    }
    if (dryRun && !ctx.json) {
      // What would change, not only how much: the report's sections and the diff of MEMORY.md.
      ctx.result(f, [human(f, true), '', renderDryRun(outcome.plan.log, outcome.before, outcome.plan.memory)].join('\n'));
      return;
    }
    ctx.result(
      { id: f.id, merged: f.merged, pathsFixed: f.pathsFixed, pathsFlagged: f.pathsFlagged, promoted: f.promoted, superseded: f.superseded, bytesBefore: f.bytesBefore, bytesAfter: f.bytesAfter },
      human(f, dryRun),
    );
  },
};

export const dreamHistoryCommand: Command = {
  words: ['dream', 'history'],
  synopsis: '',
  summary: "this project's dreams, newest first",
  async run(ctx) {
    const list = await withDreamDb(ctx, (db, root) => {
      restoreDreamHistory(db, root);
      return new DreamStore(db).list(root);
    });
    ctx.result(
      list,
      list.length
        ? list
            .map((d) =>
              d.filesChanged
                ? `${d.id}  ${d.status.padEnd(8)}  merged ${d.merged}, fixed ${d.pathsFixed}, flagged ${d.pathsFlagged}, superseded ${d.superseded}, ${d.bytesBefore} → ${d.bytesAfter} bytes`
                : `${d.id}  ${'-'.padEnd(8)}  no changes (${d.bytesBefore} bytes)`,
            )
            .join('\n')
        : 'No dreams yet. Run one with: engram dream',
    );
  },
};

export const dreamRevertCommand: Command = {
  words: ['dream', 'revert'],
  synopsis: 'ID',
  summary: 'restore the memory files a dream changed, byte for byte',
  positionals: { min: 1, max: 1, names: 'a dream ID' },
  async run(ctx, _values, [id]) {
    const result = await withDreamDb(ctx, (db, root) => revertDream(db, root, id, 'cli'));
    for (const s of result.saved) ctx.say(`engram: the content there since the dream was kept in ${s}`);
    ctx.result({ reverted: result.reverted }, `Reverted dream ${result.reverted}`);
  },
};

export const dreamCommands = [dreamCommand, dreamHistoryCommand, dreamRevertCommand];
