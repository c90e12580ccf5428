import type { Project } from '../../../preload/api';
import { EmptyState } from '../common/EmptyState';

export function MemoryView(_props: { project: Project }) {
  return (
    <EmptyState title="Memory" icon="◎" hint={<>Run engram init in the project to create .engram/MEMORY.md; the timeline and search come next.</>}>
      <p>Everything the agent knows about this project, from .engram/MEMORY.md, checkpoints and notes: a timeline of what was added, edited, merged and superseded, with search.</p>
    </EmptyState>
  );
}
