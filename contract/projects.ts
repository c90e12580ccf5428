/** Projects (repositories open in the window), the window's layout and each project's status. */
import { z } from 'zod';
import { empty, projectId } from './shapes';

export const VIEW_IDS = ['agent', 'terminal', 'tasks', 'memory', 'dreams', 'skills'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export interface Project {
  id: string;
  /** Absolute, symlink-resolved path of the repository folder. */
  path: string;
  /** Folder name, shown in the sidebar. */
  name: string;
  /** ISO time the project was first opened. */
  openedAt: string;
  /** The view last shown for this project. */
  view: ViewId;
}

export interface Layout {
  /** Sidebar width in CSS pixels. */
  sidebarWidth: number;
  sidebarCollapsed: boolean;
}

export const DEFAULT_LAYOUT: Layout = { sidebarWidth: 248, sidebarCollapsed: false };

export interface WorkbenchState {
  projects: Project[];
  activeProjectId: string | null;
  layout: Layout;
}

/** What the sidebar shows of a project at a glance. */
export interface ProjectStatus {
  agent: 'idle' | 'running' | 'waiting';
  /** Tasks not done. */
  openTasks: number;
  /** ISO time of the last dream, or null if it never dreamt. */
  lastDreamAt: string | null;
}

/** What closing a project would end: its running shells (with what they run) and agent work. */
export interface ProjectActivity {
  /**
   * Its shells: what each runs, and whether it is known to run nothing (an idle prompt: closing
   * it ends no work, so it is not asked about; where that cannot be told, it is).
   */
  terminals: { id: string; title: string; running: string[]; idle: boolean }[];
  agentRunning: boolean;
  dreamRunning: boolean;
}

export const projectSchemas = {
  'workbench.state': empty,
  'projects.open': z.object({ path: z.string().trim().min(1, 'Enter a folder path.').max(4096) }).strict(),
  'projects.close': z.object({ id: projectId }).strict(),
  /** Ask before closing: what is still running in the project. */
  'projects.activity': z.object({ id: projectId }).strict(),
  'projects.activate': z.object({ id: projectId.nullable() }).strict(),
  'projects.setView': z.object({ id: projectId, view: z.enum(VIEW_IDS) }).strict(),
  /** Native folder dialog; only where `AppInfo.canPickFolder`. Resolves to null when cancelled. */
  'projects.pickFolder': empty,
  'projects.status': empty,
  'layout.set': z
    .object({
      sidebarWidth: z.number().int().min(160).max(640).optional(),
      sidebarCollapsed: z.boolean().optional(),
    })
    .strict(),
} satisfies Record<string, z.ZodType>;

export interface ProjectResponses {
  'workbench.state': WorkbenchState;
  'projects.open': Project;
  'projects.close': { closed: boolean };
  'projects.activity': ProjectActivity;
  'projects.activate': { activeProjectId: string | null };
  'projects.setView': Project;
  'projects.pickFolder': { path: string | null };
  'projects.status': Record<string, ProjectStatus>;
  'layout.set': Layout;
}

export interface ProjectEvents {
  /** One project's at-a-glance status changed. */
  'projects.status': { projectId: string; status: ProjectStatus };
  /** The list of projects, the active project or the layout changed (from any client). */
  'workbench.changed': WorkbenchState;
}
