import type { EngramApi, Project } from '../../contract';
import { confirmAction } from '../state/confirmStore';

/**
 * Closes a project, asking first when closing would end something: its shells (and what they
 * run), an agent run or a dream. Nothing running (shells idle at their prompt included): it
 * closes at once, like an editor tab.
 */
export async function closeProjectAsking(api: EngramApi, project: Project): Promise<boolean> {
  const activity = await api.call('projects.activity', { id: project.id });
  // A shell sitting at its prompt ends no work when closed (like closing an editor window).
  const terminals = activity.terminals.filter((t) => !t.idle);
  const lines: string[] = [];
  for (const t of terminals) {
    lines.push(t.running.length ? `Terminal “${t.title}” is running ${t.running.map((c) => `“${c}”`).join(', ')}.` : `Terminal “${t.title}” is open.`);
  }
  if (activity.agentRunning) lines.push('The agent is working in this project; its run will stop.');
  if (activity.dreamRunning) lines.push('A dream is running; it finishes, but you will not see it here.');
  if (lines.length) {
    const shells = terminals.length;
    const ok = await confirmAction({
      title: `Close ${project.name}?`,
      body: [...lines, shells ? `Closing ends ${shells === 1 ? 'this shell' : `these ${shells} shells`} and everything running in ${shells === 1 ? 'it' : 'them'}.` : 'Closing stops it.'],
      confirmLabel: shells ? `Close and end ${shells === 1 ? 'the shell' : `${shells} shells`}` : 'Close project',
      danger: true,
    });
    if (!ok) return false;
  }
  await api.call('projects.close', { id: project.id });
  return true;
}
