import { agentRole } from '../../skills/artifacts';
import { ToolError } from '../tools/toolTypes';
import { runAgent, type AgentRunInput } from './agentLoop';
import { artifactDirsText } from '../../../contract/engramLayout';

/**
 * A child session with its own context and tools: it starts from a fresh history, and only
 * its final text comes back to the parent. Its permission prompts still reach the person.
 * When the prompt names a task on the board, the child's outcome is logged to that task.
 */
export async function runSubagent(
  parent: AgentRunInput,
  parentSessionId: string,
  args: { description: string; prompt: string; agent?: string },
): Promise<string> {
  let agentPrompt: string | undefined;
  let toolFilter: Set<string> | undefined;
  if (args.agent) {
    const role = agentRole(parent.root, args.agent);
    if (!role) throw new ToolError(`No agent definition named ${args.agent} (${artifactDirsText('agent', '/')}${args.agent}.md).`);
    agentPrompt = role.prompt;
    toolFilter = role.tools;
  }
  const task = findTask(parent, `${args.description}\n${args.prompt}`);
  if (task) parent.tasks.update(task.id, { status: 'in_progress', progress: `subagent started: ${args.description}`, session: parentSessionId });
  const done = await runAgent({
    ...parent,
    prompt: args.prompt,
    mode: 'build',
    sessionId: null,
    parentId: parentSessionId,
    agentPrompt,
    toolFilter,
    emit: (e) => {
      if (e.type === 'permission') parent.emit(e);
    },
  });
  const text = done.text.trim() || '(the subagent gave no final text)';
  if (task) {
    parent.tasks.update(task.id, {
      status: done.error || done.cancelled ? 'blocked' : 'review',
      progress: `${done.error ?? (done.cancelled ? 'cancelled' : text.slice(0, 2000))}`,
      session: done.sessionId,
    });
  }
  if (done.cancelled) return `The subagent was cancelled. Partial report: ${text}`;
  if (done.error) return `The subagent stopped with an error: ${done.error}\n${text}`;
  return text;
}

function findTask(parent: AgentRunInput, text: string) {
  try {
    const tasks = parent.tasks.list();
    return tasks.find((t) => text.includes(t.id)) ?? tasks.find((t) => text.split('\n')[0].trim() === t.title) ?? null;
  } catch {
    return null;
  }
}
