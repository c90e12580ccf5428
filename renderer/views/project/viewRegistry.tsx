import type { ComponentType } from 'react';
import type { Project, ViewId } from '../../../contract';
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

/** The tabs of a project, in order. */
export const VIEWS: ViewDef[] = [
  { id: 'agent', label: 'Agent', component: AgentView },
  { id: 'terminal', label: 'Terminal', component: TerminalView },
  { id: 'tasks', label: 'Tasks', component: TasksView },
  { id: 'memory', label: 'Memory', component: MemoryView },
  { id: 'dreams', label: 'Dreams', component: DreamsView },
  { id: 'skills', label: 'Skills', component: SkillsView },
];
