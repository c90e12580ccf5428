import { defaultSecrets } from '../../settings/secrets/defaultSecrets';
import { McpHub } from '../../mcp/client/mcpHub';
import type { AgentEvent, AgentMode } from '../../../contract';
import { AGENT_MODES } from '../../../contract';
import { AgentOrchestrator } from '../../agent/agentOrchestrator';
import { headlessAsker } from '../../agent/permissions/gate';
import { openDatabase, type Database } from '../../db/database';
import { checkProjectFolder } from '../../projects/folderCheck';
import { KeyValueStore } from '../../db/keyValueStore';
import { UsageError } from '../cliErrors';
import { commandUsage } from '../usage';
import type { CliContext, Command } from '../command';

/**
 * The agent-run orchestrator as the CLI has it (`engram run`, `engram task start`): keys from the
 * key storage, the project's MCP servers (`trustProjectServers` is `--yes`: it allows what a
 * person would be asked, the project's own servers too), its lines on stderr.
 */
export function cliAgentRuns(ctx: CliContext, db: Database, trustProjectServers: boolean): { mcp: McpHub; runs: AgentOrchestrator } {
  const mcp = new McpHub({ dataDir: ctx.dataDir, env: process.env, trustProjectServers });
  const runs = new AgentOrchestrator({
    db,
    dataDir: ctx.dataDir,
    env: () => process.env,
    secrets: defaultSecrets(ctx.dataDir),
    mcp,
    log: (line) => process.stderr.write(line + '\n'),
  });
  return { mcp, runs };
}

/** The session the previous `engram run` of a project used: an explicit record, not a guess. */
const lastRunKey = (root: string) => `agent.lastCliSession:${root}`;

export const runCommand: Command = {
  words: ['run'],
  synopsis: '[--mode build|plan|compose] [--session ID | --continue] [--yes] PROMPT',
  summary: 'run the agent headless; streams its answer (JSON lines of events with --json)',
  options: {
    mode: { type: 'string' },
    session: { type: 'string' },
    continue: { type: 'boolean' },
    yes: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1, names: 'PROMPT' },
  async run(ctx, values, positionals) {
    const mode = (values.mode as string | undefined) ?? 'build';
    if (!(AGENT_MODES as readonly string[]).includes(mode)) {
      throw new UsageError(`--mode must be one of ${AGENT_MODES.join(', ')}`, commandUsage(runCommand));
    }
    if (values.session && values.continue) throw new UsageError('give either --session ID or --continue, not both', commandUsage(runCommand));
    const prompt = positionals[0].trim();
    if (!prompt) throw new UsageError('PROMPT is empty', commandUsage(runCommand));
    const root = checkProjectFolder(ctx.projectDir);
    const db = openDatabase(ctx.dataDir, { check: true });
    // The project's MCP servers live as long as this run.
    const { mcp, runs } = cliAgentRuns(ctx, db, Boolean(values.yes));
    try {
      const settingsStore = new KeyValueStore(db);
      let sessionId = (values.session as string | undefined) ?? null;
      if (values.continue) {
        sessionId = settingsStore.get<string | null>(lastRunKey(root), null);
        if (!sessionId || !runs.sessions.get(sessionId)) throw new Error('Nothing to continue: no earlier `engram run` in this project. Give --session ID.');
      }
      // `/name args` runs a custom command: the loop only ever sees the expanded prompt.
      const prepared = runs.prepare(
        { memoryRoot: root, text: prompt, mode: values.mode ? (mode as AgentMode) : undefined, sessionId },
        {
          session: (existing) => {
            if (values.continue) process.stderr.write(`engram: continuing ${existing.id} "${existing.title}"\n`);
          },
          command: (expanded) => process.stderr.write(`engram: /${expanded.command} expanded\n`),
        },
      );
      for (const w of prepared.runtime.settings.warnings) process.stderr.write(`engram: ${w}\n`);
      const controller = new AbortController();
      void ctx.stopSignal.then(() => {
        controller.abort(new Error('cancelled'));
        runs.dispose();
      });
      // `done` stays the last event: it is written once the background checkpoint writer finished.
      const print = ctx.json ? (e: AgentEvent) => ctx.write(JSON.stringify(e) + '\n') : humanPrinter(ctx.write);
      let held: AgentEvent | null = null;
      const done = await runs.run(prepared, {
        asker: headlessAsker(Boolean(values.yes)),
        signal: controller.signal,
        emit: (e) => (e.type === 'done' ? (held = e) : print(e)),
      });
      await runs.idle();
      if (held) print(held);
      settingsStore.set(lastRunKey(root), done.sessionId);
      if (done.cancelled) throw new Error(`cancelled; session ${done.sessionId} is saved and can be continued with --session ${done.sessionId}`);
      if (done.error) throw new Error(done.error);
    } finally {
      await mcp.dispose();
      db.close();
    }
  },
};

/** Without --json: the answer on stdout as it streams, tool activity on stderr. */
export function humanPrinter(write: (text: string) => void): (e: AgentEvent) => void {
  let atLineStart = true;
  let thinking = false;
  const err = (line: string) => {
    if (!atLineStart) write('\n');
    atLineStart = true;
    process.stderr.write(line + '\n');
  };
  return (e) => {
    if (e.type !== 'reasoning') thinking = false;
    switch (e.type) {
      case 'text':
        write(e.text);
        atLineStart = e.text.endsWith('\n');
        break;
      case 'reasoning':
        // The answer alone goes to stdout; that the model is thinking is said once per step
        // (the thinking itself is in --json and in the session).
        if (!thinking) err('  thinking…');
        thinking = true;
        return;
      case 'tool_call':
        err(`▸ ${e.tool} ${JSON.stringify(e.input).slice(0, 200)}`);
        break;
      case 'tool_result':
        if (e.status !== 'ok') err(`  ${e.status}: ${e.output.split('\n')[0].slice(0, 300)}`);
        else for (const line of resultBrief(e.tool, e.output, e.meta?.diff)) err(`  ${line}`);
        break;
      case 'permission':
        if (e.decision === 'deny') err(`  permission denied: ${e.reason}`);
        break;
      case 'retry':
        err(`  retrying in ${Math.round(e.delayMs / 100) / 10} s: ${e.message}`);
        break;
      case 'done':
        if (!atLineStart) write('\n');
        process.stderr.write(`engram: session ${e.sessionId} · ${e.usage.inputTokens} in / ${e.usage.outputTokens} out tokens\n`);
        break;
    }
  };
}

const BRIEF_LINES = 3;

/**
 * What a finished tool did, in a few lines for a person at a terminal: an edit's file with the
 * lines it added and removed, a command's first lines of output (and how many more, and its exit
 * code when not 0). Other tools' results go to the model, not to the screen.
 */
function resultBrief(tool: string, output: string, diff: string | undefined): string[] {
  if (diff) {
    const lines = diff.split('\n');
    const file = /^\+\+\+ (?:b\/)?(.+?)(?:\t.*)?$/m.exec(diff)?.[1];
    const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
    const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
    return [`${file ?? tool}: +${added} −${removed}`];
  }
  if (tool !== 'bash') return [];
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const exit = /^\[exit code (\d+)\]$/.exec(lines.at(-1) ?? '');
  if (exit) lines.pop();
  const shown = lines.slice(0, BRIEF_LINES).map((l) => l.slice(0, 200));
  if (lines.length > BRIEF_LINES) shown.push(`… ${lines.length - BRIEF_LINES} more line${lines.length - BRIEF_LINES === 1 ? '' : 's'}`);
  if (exit && exit[1] !== '0') shown.push(`[exit code ${exit[1]}]`);
  return shown;
}
