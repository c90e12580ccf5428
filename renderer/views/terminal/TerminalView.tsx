import type { Project } from '../../../preload/api';
import { EmptyState } from '../common/EmptyState';

export function TerminalView(_props: { project: Project }) {
  return (
    <EmptyState title="Terminals" icon="❯" hint={<>Coming next: the embedded terminal.</>}>
      <p>Shells started in this project's folder with your login environment. They keep running while you switch projects and come back with their scrollback after a reload.</p>
    </EmptyState>
  );
}
