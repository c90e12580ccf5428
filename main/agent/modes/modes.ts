import type { AgentMode } from '../../../contract/agent';
import { ALL_TOOLS } from '../tools';

/** Tools plan mode offers besides the read-only ones (SPEC §4). */
const PLAN_EXTRAS = new Set(['note', 'memory_search', 'task_update']);

/** The tool names a mode offers the model; a call to any other is refused, not executed. */
export function toolsForMode(mode: AgentMode, isChild: boolean): Set<string> {
  const names = ALL_TOOLS.filter((t) => (mode === 'plan' ? t.readOnly || PLAN_EXTRAS.has(t.name) : true)).map((t) => t.name);
  // One level of children: a subagent does its work itself.
  return new Set(names.filter((n) => !(isChild && n === 'subagent')));
}

export function modeInstructions(mode: AgentMode): string {
  switch (mode) {
    case 'plan':
      return [
        'You are in PLAN mode: read-only. Do not change files; the write, edit and bash tools are not available.',
        'Investigate with read, glob, grep and memory_search, then answer with a concrete, numbered plan.',
        "Use task_update to create or pick the task this plan is for; your final answer is saved to that task's progress.md.",
      ].join('\n');
    case 'compose':
      return [
        'You are in COMPOSE mode: spec-driven work.',
        '1. Write a short spec of what is asked (as a note, or a file if the user wants one).',
        '2. Split it into tasks on the board with task_update (one task per independent piece).',
        '3. For each task, run a subagent whose description is the task title and whose prompt contains the task id and everything the child needs; it logs to the task.',
        '4. Reconcile: read what the children changed, fix conflicts, set each task to review or done, and summarise.',
      ].join('\n');
    default:
      return 'You are in BUILD mode: all tools are available. Make the change, check it, and report briefly.';
  }
}
