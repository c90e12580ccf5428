import type { Project } from '../../../preload/api';
import { EmptyState } from '../common/EmptyState';

export function SkillsView(_props: { project: Project }) {
  return (
    <EmptyState title="Skills" icon="✧" hint={<>Coming next: distill and the artifact list.</>}>
      <p>Skills, subagents and custom commands distilled from work you repeat, plus those you already have in .claude/ and .opencode/.</p>
    </EmptyState>
  );
}
