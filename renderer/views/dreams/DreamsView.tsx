import type { Project } from '../../../preload/api';
import { EmptyState } from '../common/EmptyState';

export function DreamsView(_props: { project: Project }) {
  return (
    <EmptyState title="Dreams" icon="☾" hint={<>Coming next: dream history and Dream now.</>}>
      <p>Every 7 days a dream consolidates memory: merges duplicates, repairs moved paths, keeps MEMORY.md compact, and never loses an entry. Each dream's report and diff will be listed here, with revert.</p>
    </EmptyState>
  );
}
