import { createTwoFilesPatch } from 'diff';
import type { AgentEvent, AgentMode } from '../../../contract';
import { AGENT_MODES } from '../../../contract';
import type { ChangedFile } from '../../../contract/worktrees';
import { headlessAsker } from '../../agent/permissions/gate';
import { openDatabase } from '../../db/database';
import { checkProjectFolder } from '../../projects/folderCheck';
import { startTaskRun } from '../../worktrees/taskAgentRun';
import { TaskWorktrees, type TaskWriteRecorder } from '../../worktrees/taskWorktrees';
import { recorderOf, withCliTaskWrites } from './cliTaskWrites';
import { MemoryEngine } from '../../memory/memoryEngine';
import { UsageError } from '../cliErrors';
import type { Command, CliContext } from '../command';
import { commandUsage } from '../usage';
import { cliAgentRuns, humanPrinter } from './runCommand';

const worktrees = (ctx: CliContext, record?: TaskWriteRecorder) => new TaskWorktrees(ctx.dataDir, record);
const counts = (f: { added: number | null; removed: number | null }) => (f.added === null ? 'binary' : `+${f.added} −${f.removed}`);
const fileLine = (f: ChangedFile) => `  ${counts(f).padEnd(12)} ${f.change.padEnd(8)} ${f.oldPath ? `${f.oldPath} → ` : ''}${f.path}`;

export const taskStartCommand: Command = {
  words: ['task', 'start'],
  synopsis: 'ID [--mode build|plan|compose] [--yes] [--prompt P]',
  summary: "start the task's agent in its own git worktree (branch engram/ID); streams like run",
  options: { mode: { type: 'string' }, yes: { type: 'boolean' }, prompt: { type: 'string' } },
  positionals: { min: 1, max: 1, names: 'ID' },
  async run(ctx, values, [id]) {
    const mode = values.mode as string | undefined;
    if (mode !== undefined && !(AGENT_MODES as readonly string[]).includes(mode)) {
      throw new UsageError(`--mode must be one of ${AGENT_MODES.join(', ')}`, commandUsage(taskStartCommand));
    }
    const root = checkProjectFolder(ctx.projectDir);
    const db = openDatabase(ctx.dataDir);
    const { mcp, runs } = cliAgentRuns(ctx, db, Boolean(values.yes));
    // Its task writes are the CLI's on the timeline (cliTaskWrites.ts), through this database.
    const memory = new MemoryEngine({ db, projectRoot: root, dataDir: ctx.dataDir });
    memory.sync();
    const record = recorderOf(memory);
    try {
      const controller = new AbortController();
      void ctx.stopSignal.then(() => controller.abort(new Error('cancelled')));
      // `done` stays the last event: it is written once the background checkpoint writer finished.
      const print = ctx.json ? (e: AgentEvent) => ctx.write(JSON.stringify(e) + '\n') : humanPrinter(ctx.write);
      let held: AgentEvent | null = null;
      const started = await startTaskRun(
        { orchestrator: runs, worktrees: worktrees(ctx, record) },
        {
          projectRoot: root,
          taskId: id,
          mode: mode as AgentMode | undefined,
          prompt: (values.prompt as string | undefined)?.trim() || undefined,
          asker: headlessAsker(Boolean(values.yes)),
          signal: controller.signal,
          emit: (e) => (e.type === 'done' ? (held = e) : print(e)),
          onWorktree: (w) => {
            const where = { type: 'worktree', taskId: w.task.id, branch: w.branch, path: w.path, base: w.base, created: w.created };
            if (ctx.json) ctx.write(JSON.stringify(where) + '\n');
            else process.stderr.write(`engram: task ${w.task.id} ${w.created ? 'starts' : 'continues'} in ${w.path} on ${w.branch} (from ${w.base.slice(0, 7)})\n`);
          },
        },
      );
      const w = started.worktree;
      const done = await started.done;
      await runs.idle();
      if (held) print(held);
      if (done.cancelled) throw new Error(`cancelled; the worktree and session ${done.sessionId} are kept: run \`engram task start ${w.task.id}\` to continue`);
      if (done.error) throw new Error(done.error);
    } finally {
      runs.dispose();
      await memory.close();
      await mcp.dispose();
      db.close();
    }
  },
};

export const taskDiffCommand: Command = {
  words: ['task', 'diff'],
  synopsis: 'ID [--patch]',
  summary: "what the task's agent changed against the commit it started from (+/− per file; --patch for the unified diff)",
  options: { patch: { type: 'boolean' } },
  positionals: { min: 1, max: 1, names: 'ID' },
  async run(ctx, values, [id]) {
    const diff = await worktrees(ctx).diff(checkProjectFolder(ctx.projectDir), id);
    const head = `${diff.branch} against ${diff.base.slice(0, 7)}: ${diff.files.length} file${diff.files.length === 1 ? '' : 's'}, +${diff.added} −${diff.removed}`;
    const lines = [head, ...diff.files.map(fileLine)];
    if (values.patch) {
      for (const f of diff.files) {
        if (f.before === null || f.after === null) lines.push(`\n${f.path}: ${f.note}`);
        else lines.push('', createTwoFilesPatch(`a/${f.oldPath ?? f.path}`, `b/${f.path}`, f.before, f.after, '', '', { context: 3 }).trimEnd());
      }
    }
    ctx.result(diff, lines.join('\n'));
  },
};

export const taskMergeCommand: Command = {
  words: ['task', 'merge'],
  synopsis: 'ID',
  summary: "merge the task's branch into the current branch (uncommitted work in its worktree is committed first)",
  positionals: { min: 1, max: 1, names: 'ID' },
  async run(ctx, _values, [id]) {
    const merged = await withCliTaskWrites(ctx, (record) => worktrees(ctx, record).merge(checkProjectFolder(ctx.projectDir), id));
    const how = { 'fast-forward': 'fast-forward', 'merge-commit': 'merge commit', 'up-to-date': 'already up to date' }[merged.kind];
    const lines = [
      `Merged ${merged.branch} into ${merged.into} (${how}, ${merged.commit.slice(0, 7)})${merged.committedWork ? `; the worktree's changes were committed first as ${merged.committedWork.slice(0, 7)}` : ''}`,
      ...merged.files.map(fileLine),
      `The worktree and ${merged.branch} were removed; the task is done.`,
    ];
    ctx.result(merged, lines.join('\n'));
  },
};

export const taskDiscardCommand: Command = {
  words: ['task', 'discard'],
  synopsis: 'ID',
  summary: "remove the task's worktree and its branch (the agent's work is dropped)",
  positionals: { min: 1, max: 1, names: 'ID' },
  async run(ctx, _values, [id]) {
    const result = await withCliTaskWrites(ctx, (record) => worktrees(ctx, record).discard(checkProjectFolder(ctx.projectDir), id));
    const what = [result.removedWorktree ? 'its worktree' : null, result.removedBranch ? 'its branch' : null].filter(Boolean).join(' and ');
    ctx.result(result, `Discarded task ${result.taskId}'s agent work${what ? `: removed ${what}` : ''}.`);
  },
};
