import path from 'node:path';
import { truncateToTokens } from '../../memory/context/tokens';
import type { MemoryPort } from '../memoryPort';
import type { TaskPort } from '../taskPort';
import { readCheckpoint } from './checkpointDocument';
import { readTextOrNull } from './sessionNotes';
import { engramLayout } from '../../../contract/engramLayout';

/** Per-part caps (MiMo-Code's: checkpoint ≈11k, memory ≈10k, tasks ≈2k), scaled down for small windows. */
export function blockCaps(usable: number): { checkpoint: number; memory: number; tasks: number } {
  return {
    checkpoint: Math.min(11_000, Math.max(600, Math.floor(usable * 0.12))),
    memory: Math.min(10_000, Math.max(400, Math.floor(usable * 0.08))),
    tasks: Math.min(2_000, Math.max(200, Math.floor(usable * 0.04))),
  };
}

/**
 * What the system prompt gets at a rebuild: the note that it happened, the memory block for
 * the active intent, the latest checkpoint, and the open task's progress. The checkpoint is
 * read from its file (the index may not have seen the newest one yet), so the memory block's
 * own checkpoint, notes and task sections are left out rather than sent twice.
 */
export async function rebuildBlock(input: {
  root: string;
  sessionId: string;
  checkpointFile: string;
  memory: MemoryPort;
  tasks: TaskPort;
  taskId: string | null;
  usable: number;
  contextTokens: number;
  fallbackQuery: string;
}): Promise<{ text: string; checkpoint: boolean }> {
  const caps = blockCaps(input.usable);
  const checkpointText = readTextOrNull(input.checkpointFile)?.trim() ?? '';
  const intent = checkpointText ? (readCheckpoint(checkpointText)?.['Active intent'] ?? '') : '';
  const parts = [
    '# Context rebuilt',
    `The conversation reached ${input.contextTokens} tokens, so it was rebuilt (${new Date().toISOString()}). ` +
      'Everything before the messages that follow is summarised in the checkpoint below; its Exact values are verbatim. ' +
      'Older tool outputs in the kept messages were cleared: re-read a file or re-run a command rather than guessing.',
  ];
  let memoryText = '';
  try {
    memoryText = withoutSessionDocs(await input.memory.context(intent || input.fallbackQuery, caps.memory)).trim();
  } catch {
    memoryText = '';
  }
  if (memoryText) parts.push(`## Memory\n\n${memoryText}`);
  if (checkpointText) parts.push(`## Checkpoint\n\n${truncateToTokens(checkpointText, caps.checkpoint, '\n…')}`);
  const tasks = openTaskText(input.root, input.tasks, input.taskId);
  if (tasks) parts.push(`## Open tasks\n\n${truncateToTokens(tasks, caps.tasks, '\n…')}`);
  return { text: parts.join('\n\n'), checkpoint: Boolean(checkpointText) };
}

/** Drops the block's checkpoint, notes and open-task sections: this block has its own. */
function withoutSessionDocs(block: string): string {
  const out: string[] = [];
  let skipping = false;
  for (const line of block.split('\n')) {
    if (/^## /.test(line)) skipping = /^## (Checkpoint \(|Notes \(|Open tasks$)/.test(line);
    if (!skipping) out.push(line);
  }
  return out.join('\n');
}

/** The session's task with the tail of its progress log, then the other open tasks by title. */
function openTaskText(root: string, tasks: TaskPort, taskId: string | null): string {
  let list;
  try {
    list = tasks.list().filter((t) => t.status !== 'done');
  } catch {
    return '';
  }
  const lines: string[] = [];
  const current = taskId ? list.find((t) => t.id === taskId) : undefined;
  if (current) {
    const progress = readTextOrNull(path.join(root, engramLayout.progressFile(current.id))) ?? '';
    const log = progress.split('\n').filter((l) => /^- /.test(l)).slice(-8);
    lines.push(`Current task ${current.id} (${current.status}): ${current.title}`, ...log, '');
  }
  for (const t of list) if (t !== current) lines.push(`- ${t.id} (${t.status}): ${t.title}`);
  return lines.join('\n').trim();
}
