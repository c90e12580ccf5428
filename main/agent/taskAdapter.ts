import { TaskStore } from '../tasks/taskStore';
import type { AgentTask, TaskPort } from './taskPort';

/** The task board (progress.md files) behind the agent's port. */
export function taskBoard(projectRoot: string, store = new TaskStore(projectRoot)): TaskPort {
  const view = (t: { id: string; title: string; status: AgentTask['status']; redacted?: string[] }): AgentTask => ({
    id: t.id,
    title: t.title,
    status: t.status,
    ...(t.redacted ? { redacted: t.redacted } : {}),
  });
  return {
    list: () => store.list().tasks.map(view),
    get: (id) => {
      try {
        return view(store.get(id));
      } catch {
        return null;
      }
    },
    create: (input) => view(store.create(input)),
    update: (id, patch) => view(store.update(id, patch)),
  };
}
