import type { LanguageModel, ModelMessage } from 'ai';
import type { AgentEvent, AgentMode, AgentUsage } from '../../../contract';
import type { AgentSettings } from '../../settings/agentSettings';
import type { Continuity } from '../continuity/continuity';
import type { MemoryPort } from '../memoryPort';
import { toolsForMode } from '../modes/modes';
import type { PermissionGate } from '../permissions/gate';
import type { SessionStore } from '../sessions/sessionStore';
import type { TaskPort } from '../taskPort';
import { ALL_TOOLS } from '../tools';
import type { AgentTool, ToolContext } from '../tools/toolTypes';
import { repairHistory } from './history';
import { modelStep, toolSetFor, type PartialStep } from './modelStep';
import { buildSystemPrompt } from './systemPrompt';
import { ToolRunner } from './toolRunner';
import { requestCost } from '../../settings/catalog/cost';
import { redactSecret } from '../../settings/secrets/redact';
import { runSubagent } from './subagentRun';

export interface AgentRunInput {
  /** Where the agent works: tools resolve paths here and commands run here. */
  root: string;
  /** The project whose `.engram/` holds the session's notes and checkpoints, and which the session belongs to; `root` when absent. */
  memoryRoot?: string;
  store: SessionStore;
  settings: AgentSettings;
  model: LanguageModel;
  memory: MemoryPort;
  tasks: TaskPort;
  gate: PermissionGate;
  prompt: string;
  mode: AgentMode;
  /** Continue this session (by id, never by guess); a new session when absent. */
  sessionId?: string | null;
  parentId?: string | null;
  /** For a subagent defined in .engram/agents/: its prompt and its tool list. */
  agentPrompt?: string;
  toolFilter?: Set<string>;
  /** Tools of this run besides the built-in ones: the MCP servers' (`mcp__<server>__<tool>`). */
  extraTools?: AgentTool[];
  signal: AbortSignal;
  emit: (e: AgentEvent) => void;
  /** Checkpoints and rebuilds (continuity/); without it every request sends the whole history. */
  continuity?: Continuity;
}

export type DoneEvent = Extract<AgentEvent, { type: 'done' }>;

/**
 * One turn of a session: the user's prompt, then model steps and tool calls until the model
 * answers without tools, the step limit, an error, or a cancel. Every message is stored as
 * soon as it is complete, and a tool call always gets a result, so a stopped session can be
 * continued.
 */
export async function runAgent(input: AgentRunInput): Promise<DoneEvent> {
  const { store, settings, emit } = input;
  const session = input.sessionId
    ? store.require(input.sessionId)
    : store.create({
        projectPath: input.memoryRoot ?? input.root,
        title: titleFrom(input.prompt),
        mode: input.mode,
        model: settings.model,
        parentId: input.parentId ?? null,
        system: await buildSystemPrompt({
          root: input.root,
          mode: input.mode,
          firstPrompt: input.prompt,
          memory: input.memory,
          contextWindow: settings.contextWindow,
          extra: input.agentPrompt,
        }),
      });
  if (input.sessionId && session.mode !== input.mode) store.setMode(session.id, input.mode);
  emit({ type: 'session', sessionId: session.id, title: session.title, mode: input.mode, parentId: session.parentId });

  const isChild = Boolean(session.parentId);
  let allowed = toolsForMode(input.mode, isChild);
  // Outside tools change things Engram cannot see: not in plan mode, which promises read-only.
  const extra = input.mode === 'plan' ? [] : (input.extraTools ?? []);
  for (const t of extra) allowed.add(t.name);
  if (input.toolFilter) allowed = new Set([...allowed].filter((n) => input.toolFilter!.has(n)));
  const tools = toolSetFor([...ALL_TOOLS, ...extra].filter((t) => allowed.has(t.name)));
  const system = store.systemPrompt(session.id);
  let currentTask = session.taskId;
  const ctx: ToolContext = {
    root: input.root,
    memoryRoot: input.memoryRoot ?? input.root,
    sessionId: session.id,
    signal: input.signal,
    memory: input.memory,
    tasks: input.tasks,
    setCurrentTask: (id) => {
      currentTask = id;
      store.setTask(session.id, id);
    },
    runSubagent: isChild ? undefined : (args) => runSubagent(input, session.id, args),
  };
  const runner = new ToolRunner({ ctx, gate: input.gate, allowed, extraTools: new Map(extra.map((t) => [t.name, t])), modeName: input.mode, emit });
  const continuity = input.continuity?.forRun({
    root: input.memoryRoot ?? input.root,
    sessionId: session.id,
    sessions: store,
    settings,
    model: input.model,
    memory: input.memory,
    tasks: input.tasks,
    taskId: () => currentTask,
    emit,
  });

  const userMessage: ModelMessage = { role: 'user', content: input.prompt };
  store.addMessage(session.id, userMessage);
  const usage = { input: 0, output: 0, context: session.contextTokens };
  let finalText = '';
  let error: string | null = null;

  for (let step = 1; ; step++) {
    if (input.signal.aborted) break;
    if (step > settings.maxSteps) {
      error = `Stopped at the step limit (${settings.maxSteps} model requests in one turn).`;
      break;
    }
    let partial: PartialStep = { text: '', parts: [] };
    let result;
    try {
      // Measured at every step, not only per turn: a checkpoint is enqueued, or the context rebuilt.
      const request = continuity ? await continuity.request(system) : { system, messages: repairHistory(store.messages(session.id)) };
      result = await modelStep({
        model: input.model,
        system: request.system,
        messages: request.messages,
        tools,
        signal: input.signal,
        // A provider may echo the key in its error text: it never reaches an event or the session.
        emit: (e) => emit(e.type === 'retry' ? { ...e, message: redactSecret(e.message, settings.apiKey) } : e),
        partial: (t) => (partial = t),
      });
    } catch (err) {
      // What was already streamed stays part of the session.
      if (partial.parts.length) store.addMessage(session.id, { role: 'assistant', content: partial.parts });
      finalText = partial.text;
      if (!input.signal.aborted) error = redactSecret((err as Error).message, settings.apiKey);
      break;
    }
    store.addUsage(session.id, {
      ...result.usage,
      cost: requestCost(settings.pricing, result.usage),
      provider: settings.provider,
      model: settings.model,
    });
    usage.input += result.usage.input;
    usage.output += result.usage.output;
    usage.context = result.usage.input + result.usage.output;
    finalText = result.text;

    // Reasoning and text as the model produced them, with the provider's metadata: stored with
    // the message so that a later request sends back what the API needs (stepContent.ts).
    const content: Exclude<Extract<ModelMessage, { role: 'assistant' }>['content'], string> = [...result.parts];
    for (const call of result.calls) {
      // An unparsable call is stored with empty input; the raw text is kept in agent_tool_calls.
      content.push({
        type: 'tool-call',
        toolCallId: call.id,
        toolName: call.name,
        input: call.invalid ? {} : call.input,
        ...(call.providerMetadata ? { providerOptions: call.providerMetadata } : {}),
      });
    }
    store.addMessage(session.id, { role: 'assistant', content }, { input: result.usage.input, output: result.usage.output });
    if (!result.calls.length) break;

    const results: Extract<ModelMessage, { role: 'tool' }>['content'] = [];
    for (const call of result.calls) {
      emit({ type: 'tool_call', id: call.id, tool: call.name, input: call.input });
      store.toolStarted(session.id, call.id, call.name, call.input);
      const r = input.signal.aborted
        ? { status: 'cancelled' as const, output: 'Cancelled by the user before it ran.', meta: null }
        : await runner.run(call);
      store.toolEnded(session.id, call.id, r.status, r.output, r.meta);
      emit({ type: 'tool_result', id: call.id, tool: call.name, status: r.status, output: r.output, meta: r.meta });
      results.push({
        type: 'tool-result',
        toolCallId: call.id,
        toolName: call.name,
        output: r.status === 'ok' ? { type: 'text', value: r.output } : { type: 'error-text', value: r.output },
      });
    }
    store.addMessage(session.id, { role: 'tool', content: results });
  }

  if (input.mode === 'plan' && finalText.trim() && !input.signal.aborted && !error) {
    try {
      savePlan(input, session.id, currentTask, finalText, (id) => ctx.setCurrentTask(id));
    } catch (err) {
      error = `The plan could not be saved to its task: ${(err as Error).message}`;
    }
  }

  const totals = store.require(session.id);
  const summary: AgentUsage = {
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    cacheReadTokens: totals.cacheReadTokens,
    cacheWriteTokens: totals.cacheWriteTokens,
    contextTokens: usage.context,
    contextWindow: settings.contextWindow,
    cost: totals.cost,
  };
  const done: DoneEvent = { type: 'done', sessionId: session.id, usage: summary, cancelled: input.signal.aborted, error, text: finalText };
  emit(done);
  return done;
}

/** Plan mode's answer goes into the task's progress.md (a new task when none was chosen). */
function savePlan(input: AgentRunInput, sessionId: string, taskId: string | null, plan: string, remember: (id: string) => void): void {
  let id = taskId && input.tasks.get(taskId) ? taskId : null;
  if (!id) {
    id = input.tasks.create({ title: titleFrom(input.prompt), status: 'todo' }).id;
    remember(id);
  }
  input.tasks.update(id, { progress: `plan: ${plan.trim()}`, session: sessionId });
}

function titleFrom(prompt: string): string {
  const line = prompt.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'Untitled session';
}
