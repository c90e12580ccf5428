import type { AgentEvent, AgentToolMeta, AgentToolStatus } from '../../../contract';
import { PathOutsideProjectError } from '../../paths/projectPath';
import type { PermissionGate } from '../permissions/gate';
import { TOOLS_BY_NAME } from '../tools';
import type { AgentTool, ToolContext } from '../tools/toolTypes';
import type { RequestedCall } from './modelStep';

/** No single tool result may crowd the context: beyond this it is cut, with a note saying so. */
export const MAX_TOOL_RESULT_CHARS = 30_000;
/** The third identical call in a turn is not run; the model is told it is looping. */
export const LOOP_REPEATS = 3;

export interface ToolRunResult {
  status: AgentToolStatus;
  output: string;
  meta: AgentToolMeta | null;
}

/** Runs the tool calls of one turn: validity, mode, loops, path safety, permission, then the tool. */
export class ToolRunner {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly deps: {
      ctx: ToolContext;
      gate: PermissionGate;
      allowed: Set<string>;
      /** Tools of this run only (an MCP server's), beside the built-in ones. */
      extraTools?: Map<string, AgentTool>;
      modeName: string;
      emit: (e: AgentEvent) => void;
    },
  ) {}

  async run(call: RequestedCall): Promise<ToolRunResult> {
    const { ctx, gate, allowed, modeName, emit } = this.deps;
    const tool = this.deps.extraTools?.get(call.name) ?? TOOLS_BY_NAME.get(call.name);
    if (!tool) return refusal('error', `There is no tool named "${call.name}".`);
    // Before argument checks: a tool the mode does not offer is refused whatever it was given.
    if (!allowed.has(tool.name)) {
      return refusal('refused', `Refused: ${tool.name} is not available in ${modeName} mode${modeName === 'plan' ? ' (read-only: nothing was changed)' : ''}.`);
    }
    if (call.invalid) return refusal('error', `${call.invalid} Fix the arguments (valid JSON matching the tool's schema) and call again.`);
    const parsed = tool.schema.safeParse(call.input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refusal('error', `Invalid arguments for ${tool.name}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const key = `${tool.name}\u0000${stableJson(parsed.data)}`;
    const count = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, count);
    if (count >= LOOP_REPEATS) {
      return refusal(
        'refused',
        `Loop detected: this is call ${count} of ${tool.name} with exactly the same arguments in this turn; it was not run. ` +
          'The earlier results stand: change approach, or finish and explain what blocks you.',
      );
    }
    let subject: string | null;
    try {
      subject = tool.subject(parsed.data, ctx);
    } catch (err) {
      if (err instanceof PathOutsideProjectError) return refusal('refused', err.message);
      return refusal('error', (err as Error).message);
    }
    const permission = await gate.check(ctx.sessionId, tool.name, subject, ctx.signal, emit);
    if (ctx.signal.aborted) return refusal('cancelled', 'Cancelled by the user before it ran.');
    if (!permission.allowed) return refusal('denied', `Permission denied: ${permission.reason} Do not retry it; continue without it or ask the user.`);
    try {
      const outcome = await tool.run(parsed.data, ctx);
      const status: AgentToolStatus = ctx.signal.aborted ? 'cancelled' : outcome.isError ? 'error' : 'ok';
      return { status, output: cap(outcome.output), meta: outcome.meta ?? null };
    } catch (err) {
      if (err instanceof PathOutsideProjectError) return refusal('refused', err.message);
      return refusal(ctx.signal.aborted ? 'cancelled' : 'error', `Error: ${(err as Error)?.message ?? String(err)}`);
    }
  }
}

function refusal(status: AgentToolStatus, output: string): ToolRunResult {
  return { status, output, meta: null };
}

function cap(text: string): string {
  if (text.length <= MAX_TOOL_RESULT_CHARS) return text;
  const half = Math.floor(MAX_TOOL_RESULT_CHARS / 2);
  return `${text.slice(0, half)}\n… [${text.length - 2 * half} characters cut from the middle] …\n${text.slice(-half)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
