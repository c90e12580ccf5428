import type { Project } from '../../../preload/api';
import { EmptyState } from '../common/EmptyState';

export function TasksView(_props: { project: Project }) {
  return (
    <EmptyState title="Task board" icon="☰" hint={<>Coming next: the board. Tasks you create with engram task add will appear here.</>}>
      <p>Each task is a progress log in .engram/tasks/ that the agent and you both update. The board shows them as Todo, In progress, Review, Blocked and Done.</p>
    </EmptyState>
  );
}
