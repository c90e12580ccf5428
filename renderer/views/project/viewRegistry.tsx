import type { ComponentType } from 'react';
import { VIEW_IDS, type Project, type ViewId } from '../../../contract';
import { AgentView } from '../agent/AgentView';
import { TerminalView } from '../terminal/TerminalView';
import { TasksView } from '../tasks/TasksView';
import { MemoryView } from '../memory/MemoryView';
import { DreamsView } from '../dreams/DreamsView';
import { SkillsView } from '../skills/SkillsView';

export interface ViewDef {
  id: ViewId;
  /** The tab's accessible name (SPEC §9). */
  label: string;
  component: ComponentType<{ project: Project }>;
}

/** Every view of the contract has its tab: a view added there and not here does not compile. */
const TABS: Record<ViewId, Omit<ViewDef, 'id'>> = {
  agent: { label: 'Agent', component: AgentView },
  terminal: { label: 'Terminal', component: TerminalView },
  tasks: { label: 'Tasks', component: TasksView },
  memory: { label: 'Memory', component: MemoryView },
  dreams: { label: 'Dreams', component: DreamsView },
  skills: { label: 'Skills', component: SkillsView },
};

/** The tabs of a project, in the contract's order. */
export const VIEWS: ViewDef[] = VIEW_IDS.map((id) => ({ id, ...TABS[id] }));
